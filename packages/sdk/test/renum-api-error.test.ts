import { describe, expect, it } from 'vitest';
import { RenumApiError } from '../src/index.ts';

describe('RenumApiError', () => {
  it('reads the server error body: code, message, field details without their location prefix', async () => {
    const response = new Response(
      JSON.stringify({
        error: 'Invalid body.email: Invalid email address',
        code: 'VALIDATION_ERROR',
        details: [
          { field: 'body.email', message: 'Invalid email address' },
          { field: 'body.email', message: 'second problem' },
          { field: 'body.password', message: 'must be at least 8 characters' },
        ],
      }),
      { status: 400, headers: { 'x-request-id': 'req-12345678' } },
    );
    const error = await RenumApiError.fromResponse(response);
    expect(error).toMatchObject({
      status: 400,
      code: 'VALIDATION_ERROR',
      message: 'Invalid body.email: Invalid email address',
      requestId: 'req-12345678',
      fields: { email: 'Invalid email address', password: 'must be at least 8 characters' },
    });
    expect(error.details).toHaveLength(3);
    expect(RenumApiError.isInstance(error)).toBe(true);
  });

  it('keeps the status of an answer that is not JSON', async () => {
    const error = await RenumApiError.fromResponse(new Response('<html>bad gateway</html>', { status: 502 }));
    expect(error).toMatchObject({ status: 502, code: 'HTTP_502', fields: {} });
  });
});
