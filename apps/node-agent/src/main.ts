/** bosun-agent: a node joining a running control plane (also `bosun agent`). */
import { runService } from '@bosun/microservice';
import { nodeAgentService } from './node-agent.service';

void runService(nodeAgentService);
