import { targetsOf } from './service-proxy';

describe('service proxy targets', () => {
  const endpoints = {
    subsets: [
      { addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], notReadyAddresses: [{ ip: '10.0.0.3' }], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }, { name: 'metrics', port: 9090, protocol: 'TCP' }] },
      { addresses: [{ ip: '10.0.0.4' }], ports: [{ name: 'http', port: 8081, protocol: 'TCP' }] },
    ],
  };

  it('relays a service port to the ready addresses of the Endpoints port of the same name', () => {
    expect(targetsOf(endpoints, { name: 'http', port: 80 })).toEqual([
      { host: '10.0.0.1', port: 8080 },
      { host: '10.0.0.2', port: 8080 },
      { host: '10.0.0.4', port: 8081 },
    ]);
    expect(targetsOf(endpoints, { name: 'metrics', port: 9 })).toEqual([{ host: '10.0.0.1', port: 9090 }, { host: '10.0.0.2', port: 9090 }]);
  });

  it('matches an unnamed single port, and has nothing without Endpoints or for another protocol', () => {
    const single = { subsets: [{ addresses: [{ ip: '10.0.0.9' }], ports: [{ port: 6379 }] }] };
    expect(targetsOf(single, { port: 6379 })).toEqual([{ host: '10.0.0.9', port: 6379 }]);
    expect(targetsOf(single, { port: 6379, protocol: 'UDP' })).toEqual([]);
    expect(targetsOf(null, { port: 80 })).toEqual([]);
  });
});
