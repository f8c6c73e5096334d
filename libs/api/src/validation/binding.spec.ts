import { validateBinding } from './binding';

describe('validateBinding', () => {
  it('accepts a Node target, named, with or without its kind', () => {
    expect(validateBinding({ target: { kind: 'Node', name: 'n1' } })).toEqual([]);
    expect(validateBinding({ target: { name: 'n1' } })).toEqual([]);
  });

  it('requires the target’s name', () => {
    expect(validateBinding({ target: { kind: 'Node' } })).toEqual([{ reason: 'FieldValueRequired', field: 'target.name', message: 'Required value' }]);
    expect(validateBinding({})).toEqual([{ reason: 'FieldValueRequired', field: 'target.name', message: 'Required value' }]);
  });

  it('refuses a target that is not a Node', () => {
    expect(validateBinding({ target: { kind: 'Pod', name: 'p' } })).toEqual([
      { reason: 'FieldValueNotSupported', field: 'target.kind', message: 'Unsupported value: "Pod": supported values: "Node", "<empty>"' },
    ]);
  });
});
