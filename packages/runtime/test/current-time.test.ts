import { describe, expect, it } from 'vitest';
import { createCurrentTimeTool, describeInstant } from '../src/index.ts';

const instant = new Date('2025-03-01T12:34:56.789Z');

describe('current_time tool', () => {
  const currentTime = createCurrentTimeTool({ now: () => instant });

  it('reads the injected clock and answers in UTC by default', async () => {
    expect(await currentTime.execute({}, { toolCallId: 't1' })).toEqual({
      timezone: 'UTC',
      utc: '2025-03-01T12:34:56.789Z',
      local: '2025-03-01T12:34:56+00:00',
      date: '2025-03-01',
      time: '12:34:56',
      weekday: 'Saturday',
      utcOffset: '+00:00',
    });
  });

  it('converts to the requested zone, across the date line', async () => {
    const saoPaulo = await currentTime.execute({ timezone: 'America/Sao_Paulo' }, { toolCallId: 't2' });
    expect(saoPaulo).toMatchObject({
      local: '2025-03-01T09:34:56-03:00',
      utcOffset: '-03:00',
      weekday: 'Saturday',
    });
    const kiritimati = await currentTime.execute({ timezone: 'Pacific/Kiritimati' }, { toolCallId: 't3' });
    expect(kiritimati).toMatchObject({
      date: '2025-03-02',
      time: '02:34:56',
      weekday: 'Sunday',
      utcOffset: '+14:00',
    });
    const kolkata = describeInstant(instant, 'Asia/Kolkata');
    expect(kolkata.local).toBe('2025-03-01T18:04:56+05:30');
  });

  it('follows daylight saving time', () => {
    expect(describeInstant(new Date('2025-07-01T12:00:00Z'), 'Europe/Lisbon').utcOffset).toBe('+01:00');
    expect(describeInstant(new Date('2025-01-01T12:00:00Z'), 'Europe/Lisbon').utcOffset).toBe('+00:00');
  });

  it('names an unknown zone in a clear error', async () => {
    await expect(async () =>
      currentTime.execute({ timezone: 'Mars/Olympus' }, { toolCallId: 't4' }),
    ).rejects.toThrowError(
      'Unknown time zone "Mars/Olympus": use an IANA name such as "America/Sao_Paulo" or "UTC"',
    );
    expect(() => createCurrentTimeTool({ defaultTimezone: 'Nowhere' })).toThrowError(
      /Unknown time zone "Nowhere"/,
    );
  });

  it('uses the configured default zone', async () => {
    const tool = createCurrentTimeTool({ now: () => instant, defaultTimezone: 'America/Sao_Paulo' });
    expect(await tool.execute({}, { toolCallId: 't5' })).toMatchObject({
      timezone: 'America/Sao_Paulo',
      time: '09:34:56',
    });
  });
});
