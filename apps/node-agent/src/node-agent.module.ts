import { Module } from '@nestjs/common';

/** The node agent service: its work runs on the event-log transport (EventLogServer), not in providers. */
@Module({})
export class NodeAgentModule {}
