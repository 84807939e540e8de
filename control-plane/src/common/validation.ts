// Input validation: class-validator on every DTO (unknown properties refused), errors reported as
// 400 invalid_argument naming the first offending field ("memoryBytes: must be at least 1048576").
import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { validateTiering } from '@strata/proto';
import { ApiError } from './errors';

function firstProblem(errors: ValidationError[], parent = ''): { field: string; message: string } | null {
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const constraints = Object.values(error.constraints ?? {});
    if (constraints.length > 0) {
      const message = constraints[0];
      // Messages of our own validators already start with the field path ("tiering.x: ...").
      const own = /^([\w.[\]]+): (.*)$/.exec(message);
      if (own && own[1].startsWith(field)) return { field: own[1], message: own[2] };
      const stripped = message.startsWith(`${error.property} `)
        ? message.slice(error.property.length + 1)
        : message;
      if (/should not exist/.test(stripped)) return { field, message: 'unknown field' };
      return { field, message: stripped };
    }
    const nested = firstProblem(error.children ?? [], field);
    if (nested) return nested;
  }
  return null;
}

export function validationError(errors: ValidationError[]): ApiError {
  const problem = firstProblem(errors) ?? { field: 'body', message: 'invalid' };
  return new ApiError('invalid_argument', `${problem.field}: ${problem.message}`, problem.field);
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: validationError,
  });
}

/** A partial TieringSettings object (see proto/strata/v1/tiering.proto), checked by @strata/proto. */
export function IsTieringSettings(options?: ValidationOptions) {
  return (object: object, propertyName: string) => {
    registerDecorator({
      name: 'isTieringSettings',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate(value: unknown) {
          return validateTiering(value, propertyName) === null;
        },
        defaultMessage(args: ValidationArguments) {
          const violation = validateTiering(args.value, propertyName);
          if (!violation) return `${propertyName}: invalid`;
          const problem = violation.message.slice(violation.message.indexOf(': ') + 2);
          return `${violation.jsonField}: ${problem}`;
        },
      },
    });
  };
}
