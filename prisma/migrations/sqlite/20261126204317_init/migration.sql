-- CreateTable
CREATE TABLE "Tenant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "tiering" TEXT NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" DATETIME,
    "lastUsedAt" DATETIME,
    CONSTRAINT "ApiKey_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Node" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "credential" TEXT NOT NULL,
    "agentNodeId" TEXT NOT NULL DEFAULT '',
    "advertiseHost" TEXT NOT NULL DEFAULT '',
    "health" TEXT NOT NULL DEFAULT 'unknown',
    "draining" BOOLEAN NOT NULL DEFAULT false,
    "lastSeenAt" DATETIME,
    "lastError" TEXT NOT NULL DEFAULT '',
    "memoryBudgetBytes" BIGINT NOT NULL DEFAULT 0,
    "memoryFreeBytes" BIGINT NOT NULL DEFAULT 0,
    "diskCapacityBytes" BIGINT NOT NULL DEFAULT 0,
    "diskFreeBytes" BIGINT NOT NULL DEFAULT 0,
    "instanceCount" INTEGER NOT NULL DEFAULT 0,
    "info" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Datastore" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "memoryBytes" BIGINT NOT NULL,
    "evictionPolicy" TEXT NOT NULL,
    "tiering" TEXT NOT NULL DEFAULT '{}',
    "generation" INTEGER NOT NULL DEFAULT 1,
    "appliedGeneration" INTEGER NOT NULL DEFAULT 0,
    "deleteRequested" BOOLEAN NOT NULL DEFAULT false,
    "rotatePassword" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL,
    "statusReason" TEXT NOT NULL DEFAULT '',
    "nodeId" TEXT,
    "host" TEXT NOT NULL DEFAULT '',
    "port" INTEGER NOT NULL DEFAULT 0,
    "password" TEXT NOT NULL,
    "appliedTiering" TEXT NOT NULL DEFAULT '',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    "latestStats" TEXT NOT NULL DEFAULT '',
    "statsAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "deletedAt" DATETIME,
    CONSTRAINT "Datastore_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Datastore_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Operation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT,
    "kind" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "waitFor" TEXT NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "error" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "IdempotencyRecord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "apiKeyId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "responseStatus" INTEGER NOT NULL,
    "responseBody" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "apiKeyId" TEXT,
    "tenantId" TEXT,
    "role" TEXT NOT NULL DEFAULT '',
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL DEFAULT '',
    "targetId" TEXT NOT NULL DEFAULT '',
    "result" TEXT NOT NULL,
    "statusCode" INTEGER NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',
    "traceId" TEXT NOT NULL DEFAULT ''
);

-- CreateTable
CREATE TABLE "MetricSample" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "datastoreId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "usedMemory" BIGINT NOT NULL,
    "maxmemory" BIGINT NOT NULL,
    "keys" BIGINT NOT NULL,
    "tieredEntries" BIGINT NOT NULL,
    "tieredBytes" BIGINT NOT NULL,
    "ramHits" BIGINT NOT NULL,
    "ramCoolHits" BIGINT NOT NULL,
    "ramMisses" BIGINT NOT NULL,
    "opsPerSec" REAL NOT NULL,
    "totalStashes" BIGINT NOT NULL,
    "totalFetches" BIGINT NOT NULL,
    "clientsThrottled" BIGINT NOT NULL,
    CONSTRAINT "MetricSample_datastoreId_fkey" FOREIGN KEY ("datastoreId") REFERENCES "Datastore" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Tenant_name_key" ON "Tenant"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_secretHash_key" ON "ApiKey"("secretHash");

-- CreateIndex
CREATE INDEX "ApiKey_tenantId_idx" ON "ApiKey"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "Node_name_key" ON "Node"("name");

-- CreateIndex
CREATE INDEX "Datastore_nodeId_idx" ON "Datastore"("nodeId");

-- CreateIndex
CREATE INDEX "Datastore_status_idx" ON "Datastore"("status");

-- CreateIndex
CREATE UNIQUE INDEX "Datastore_tenantId_name_key" ON "Datastore"("tenantId", "name");

-- CreateIndex
CREATE INDEX "Operation_tenantId_idx" ON "Operation"("tenantId");

-- CreateIndex
CREATE INDEX "Operation_status_idx" ON "Operation"("status");

-- CreateIndex
CREATE UNIQUE INDEX "IdempotencyRecord_apiKeyId_key_key" ON "IdempotencyRecord"("apiKeyId", "key");

-- CreateIndex
CREATE INDEX "AuditEntry_tenantId_at_idx" ON "AuditEntry"("tenantId", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- CreateIndex
CREATE INDEX "MetricSample_datastoreId_at_idx" ON "MetricSample"("datastoreId", "at");
