// asl-validator ships no types; this is its one export (a CommonJS function).
declare module 'asl-validator' {
  interface AslValidatorOptions {
    checkPaths?: boolean;
    checkArn?: boolean;
  }
  interface AslValidation {
    isValid: boolean;
    errors: Array<{ 'Error code': string; Message: string }>;
    errorsText(separator?: string): string;
  }
  export default function aslValidator(definition: unknown, options?: AslValidatorOptions): AslValidation;
}
