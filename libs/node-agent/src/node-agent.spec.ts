import { statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseQuantity } from '@bosun/api';
import { filesystemCapacity } from './node-agent';

describe('node capacity', () => {
  it('reports ephemeral-storage as the kubelet does: the size of the filesystem under the agent’s directory, as a BinarySI quantity', () => {
    const capacity = filesystemCapacity(tmpdir());
    const fs = statfsSync(tmpdir());
    expect(capacity).toMatch(/^\d+(Ki|Mi|Gi|Ti)?$/);
    expect(parseQuantity(capacity).nano).toBe(BigInt(fs.blocks) * BigInt(fs.bsize) * 1_000_000_000n);
    expect(filesystemCapacity(join(tmpdir(), 'no-such-directory-for-bosun'))).toBe('0');
  });
});
