import { Module } from '@nestjs/common';

/** The scheduler service: its work runs on the event-log transport (EventLogServer), not in providers. */
@Module({})
export class SchedulerModule {}
