import { inject, injectable } from 'inversify';
import type { RedisClient } from '../../kernel/RedisClient.js';
import { TOKENS } from '../../kernel/tokens.js';
import type { HealthCheck, HealthResult } from '../../kernel/lifecycle.js';

/** `redis` line of GET /health: the host's connection answers PING. */
@injectable()
export class RedisCheck implements HealthCheck {
  readonly name = 'redis';

  constructor(@inject(TOKENS.Redis) private readonly redis: RedisClient) {}

  async check(): Promise<HealthResult> {
    const pong = await this.redis.ping();
    return { ok: pong === 'PONG', detail: pong === 'PONG' ? undefined : `unexpected answer ${pong}` };
  }
}
