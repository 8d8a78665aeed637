export { gatewayConfigSchema, loadGatewayConfig, type GatewayConfig } from './config';
export { startGateway, type RunningGateway } from './gateway-service';
export { ApiClientStore } from './db/api-client-store';
export { createGatewayPrisma } from './db/prisma';
export type { ApiScope } from './domain/api-client';
export { CLIENT_CACHE_TTL_MS } from './http/api-client-resolvers';
export { UserStore } from './db/user-store';
export { argon2PasswordHasher } from './accounts/password-hashing';
export { SingleSignOnStore } from './db/single-sign-on-store';
