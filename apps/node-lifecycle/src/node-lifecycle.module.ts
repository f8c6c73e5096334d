import { Module } from '@nestjs/common';

/** The node lifecycle service: its work runs on the event-log transport. */
@Module({})
export class NodeLifecycleModule {}
