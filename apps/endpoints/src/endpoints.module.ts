import { Module } from '@nestjs/common';

/** The endpoints service: its work runs on the event-log transport. */
@Module({})
export class EndpointsModule {}
