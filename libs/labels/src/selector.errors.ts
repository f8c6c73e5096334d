/** A label or field selector that cannot be parsed or built; `message` says what was found and what was expected. */
export class SelectorParseError extends Error {
  readonly code = 'InvalidSelector';

  constructor(message: string) {
    super(message);
    this.name = 'SelectorParseError';
  }
}
