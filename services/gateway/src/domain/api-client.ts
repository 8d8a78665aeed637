import type { Actor } from '@atalaia/contracts';

/** An authenticated caller: an API client acting for one agency. */
export interface ApiClient {
  id: string;
  agencyId: string;
}

export function actorOf(client: ApiClient): Actor {
  return { clientId: client.id, agencyId: client.agencyId };
}
