"""A browser session outlives the backend process that served it: Reflex 0.10.1 renames a reconnecting tab's
token (a fresh state) while Redis still holds the socket record of a backend that died (reflex-dev/reflex#6345).
Each backend keeps one Redis connection named after its token manager; a record whose backend has no such
connection left is taken over as it is."""

from __future__ import annotations

import pickle

from redis.asyncio import Redis
from reflex.utils import prerequisites
from reflex.utils.token_manager import LocalTokenManager, RedisTokenManager, TokenManager

_NAME = "leasedash-backend-"


class FailoverTokenManager(RedisTokenManager):
    """Reflex's Redis token manager that takes over the token of a tab whose backend is gone."""

    _presence: Redis | None = None

    async def link_token_to_sid(self, token: str, sid: str) -> str | None:
        if self._presence is None:
            self._presence = Redis.from_url(prerequisites.parse_redis_url(), client_name=_NAME + self.instance_id,
                                            single_connection_client=True)
            await self._presence.ping()
        record = await self.redis.get(self._get_redis_key(token))
        if record is not None and (owner := pickle.loads(record).instance_id) != self.instance_id:
            alive = {client.get("name") for client in await self.redis.client_list()}
            if _NAME + owner not in alive:
                await self.redis.delete(self._get_redis_key(token))
        return await super().link_token_to_sid(token, sid)


def _create(cls) -> TokenManager:
    redis = prerequisites.get_redis() if prerequisites.check_redis_used() else None
    return FailoverTokenManager(redis) if redis is not None else LocalTokenManager()


TokenManager.create = classmethod(_create)
