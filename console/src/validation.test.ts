// The console's form validation mirrors the API's: the same names, sizes and tiering ranges pass
// and fail, and the numbers shown are formatted as the API's sizes are written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatCount, parseSize, ratePerSecond, sizeText } from './app/format';
import {
  formToTiering,
  plainViolation,
  tieringToForm,
  validateCreate,
  validateTieringForm,
  type CreateForm,
} from './app/validation';
import { describeError } from './app/errors';

const valid: CreateForm = {
  tenantId: 'ten-1',
  name: 'sessions',
  memory: '256mb',
  evictionPolicy: 'noeviction',
  tiering: tieringToForm({}),
};

test('a valid create form has no errors', () => {
  assert.deepEqual(validateCreate(valid, true), {});
});

test('names, memory, eviction policy and tenant are checked as the API does', () => {
  const errors = validateCreate(
    { ...valid, tenantId: '', name: 'Bad_Name', memory: '12 parsecs', evictionPolicy: 'lru' },
    true,
  );
  assert.deepEqual(Object.keys(errors).sort(), ['evictionPolicy', 'memory', 'name', 'tenantId']);
  assert.match(errors.name, /lower-case letters/);
  assert.equal(validateCreate({ ...valid, memory: '512kb' }, false).memory, 'Must be at least 1mb.');
  assert.deepEqual(validateCreate({ ...valid, tenantId: '' }, false), {}, 'tenant keys need no tenant');
  assert.ok(validateCreate({ ...valid, name: 'a'.repeat(64) }, false).name);
  assert.deepEqual(validateCreate({ ...valid, name: 'a'.repeat(63) }, false), {});
});

test('tiering ranges come from @strata/proto: every out-of-range field is reported', () => {
  const form = {
    ...tieringToForm({}),
    offloadThreshold: '1.5',
    minValueSize: '12.5',
    maxFileSize: '1000',
    maxPendingStashBytes: 'lots',
    'hashes.maxBytes': '0',
  };
  const errors = validateTieringForm(form);
  assert.deepEqual(Object.keys(errors).sort(), [
    'tiering.hashes.maxBytes',
    'tiering.maxFileSize',
    'tiering.maxPendingStashBytes',
    'tiering.minValueSize',
    'tiering.offloadThreshold',
  ]);
  assert.equal(errors['tiering.offloadThreshold'], 'Must be between 0 and 1 (got 1.5).');
  assert.equal(errors['tiering.minValueSize'], 'Must be a whole number.');
  assert.equal(errors['tiering.maxPendingStashBytes'], 'Must be a number.');
  assert.match(errors['tiering.maxFileSize'], /^Must be 0 or between 1048576 and/);
  // 0 means "automatic" for the tier file size, and the edges of ranges are allowed.
  assert.deepEqual(
    validateTieringForm({ maxFileSize: '0', offloadThreshold: '1', uploadThreshold: '0' }),
    {},
  );
});

test('form texts and overrides convert both ways; empty fields inherit', () => {
  const overrides = {
    enabled: true,
    offloadThreshold: 0.3,
    lists: { enabled: false },
    hashes: { maxBytes: 2048 },
  };
  const form = tieringToForm(overrides);
  assert.equal(form.enabled, 'true');
  assert.equal(form['lists.enabled'], 'false');
  assert.equal(form.uploadThreshold, '');
  assert.deepEqual(formToTiering(form), overrides);
  assert.deepEqual(formToTiering(tieringToForm({})), {});
});

test('API violation texts become sentences', () => {
  assert.equal(
    plainViolation('tiering.offload_threshold: must be between 0 and 1, got 2'),
    'Must be between 0 and 1 (got 2).',
  );
});

test('sizes parse like the API and format back', () => {
  assert.equal(parseSize('256mb'), 256 * 1024 * 1024);
  assert.equal(parseSize('1.5GiB'), 1.5 * 1024 ** 3);
  assert.equal(parseSize('1048576'), 1048576);
  assert.equal(parseSize('2 kb'), 2048);
  assert.equal(parseSize('mb'), null);
  assert.equal(parseSize('-5mb'), null);
  assert.equal(sizeText(256 * 1024 * 1024), '256mb');
  assert.equal(sizeText(1536 * 1024), '1536kb');
  assert.equal(sizeText(1000), '1000');
  assert.equal(parseSize(sizeText(3 * 1024 ** 3)), 3 * 1024 ** 3);
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatBytes(48 * 1024 * 1024), '48 MiB');
  assert.equal(formatCount(12345), '12.3k');
  assert.equal(formatCount(0.25), '0.25');
});

test('counter series become per-second rates; a reset gives no point', () => {
  const rates = ratePerSecond([
    { t: 0, v: 10 },
    { t: 2000, v: 30 },
    { t: 3000, v: 5 },
    { t: 4000, v: 9 },
  ]);
  assert.deepEqual(rates, [
    { t: 2000, v: 10 },
    { t: 4000, v: 4 },
  ]);
});

test('API errors are shown in plain words, keeping the field they name', () => {
  const invalid = describeError(400, {
    error: {
      code: 'invalid_argument',
      message: 'tiering.offload_threshold: must be between 0 and 1, got 2',
      field: 'tiering.offloadThreshold',
    },
  });
  assert.equal(invalid.message, 'Check tiering.offloadThreshold: it must be between 0 and 1 (got 2).');
  assert.equal(invalid.field, 'tiering.offloadThreshold');
  assert.equal(
    describeError(401, { error: { code: 'unauthenticated', message: 'missing API key' } }).message,
    'The API key was not accepted. Sign in again with a valid key.',
  );
  assert.match(
    describeError(409, {
      error: { code: 'already_exists', message: 'a resource with that name already exists' },
    }).message,
    /^That name is already taken\./,
  );
  assert.match(
    describeError(412, { error: { code: 'precondition_failed', message: 'x' } }).message,
    /changed it meanwhile/,
  );
  assert.match(describeError(502, null).message, /internal error/);
  assert.equal(describeError(418, null).message, 'The control plane answered 418.');
});
