import { Module } from '@nestjs/common';

/** The replication service (with garbage collection): its work runs on the event-log transport. */
@Module({})
export class ReplicationModule {}
