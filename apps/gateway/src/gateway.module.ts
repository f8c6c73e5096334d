import { Module, type DynamicModule } from '@nestjs/common';
import { GATEWAY_OPTIONS, type GatewayOptions } from './gateway.options';
import { KubeApiService } from './kube-api.service';
import { KubeHttpController } from './kube-http.controller';

/** The gateway's Nest module: one HTTP controller over the Kubernetes API service. */
@Module({})
export class GatewayModule {
  static register(api: KubeApiService, options: GatewayOptions): DynamicModule {
    return {
      module: GatewayModule,
      controllers: [KubeHttpController],
      providers: [
        { provide: KubeApiService, useValue: api },
        { provide: GATEWAY_OPTIONS, useValue: options },
      ],
    };
  }
}
