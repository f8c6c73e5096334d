/** bosun-endpoints: keeps each selector Service's Endpoints equal to its ready pods. */
import { controllerSet } from '@bosun/controllers';
import { runControllerService } from '@bosun/microservice';
import { EndpointsModule } from './endpoints.module';

void runControllerService({ name: 'endpoints', module: EndpointsModule, reconcilers: () => controllerSet('endpoints')() });
