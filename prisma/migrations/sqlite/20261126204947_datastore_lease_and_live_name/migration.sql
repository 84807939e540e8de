-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Datastore" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "liveName" TEXT,
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
    "leaseOwner" TEXT NOT NULL DEFAULT '',
    "leaseUntil" DATETIME,
    "latestStats" TEXT NOT NULL DEFAULT '',
    "statsAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "deletedAt" DATETIME,
    CONSTRAINT "Datastore_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Datastore_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Datastore" ("appliedGeneration", "appliedTiering", "attempts", "createdAt", "deleteRequested", "deletedAt", "evictionPolicy", "generation", "host", "id", "latestStats", "memoryBytes", "name", "nextAttemptAt", "nodeId", "password", "port", "rotatePassword", "statsAt", "status", "statusReason", "tenantId", "tiering", "updatedAt", "version") SELECT "appliedGeneration", "appliedTiering", "attempts", "createdAt", "deleteRequested", "deletedAt", "evictionPolicy", "generation", "host", "id", "latestStats", "memoryBytes", "name", "nextAttemptAt", "nodeId", "password", "port", "rotatePassword", "statsAt", "status", "statusReason", "tenantId", "tiering", "updatedAt", "version" FROM "Datastore";
DROP TABLE "Datastore";
ALTER TABLE "new_Datastore" RENAME TO "Datastore";
CREATE INDEX "Datastore_tenantId_name_idx" ON "Datastore"("tenantId", "name");
CREATE INDEX "Datastore_nodeId_idx" ON "Datastore"("nodeId");
CREATE INDEX "Datastore_status_idx" ON "Datastore"("status");
CREATE UNIQUE INDEX "Datastore_tenantId_liveName_key" ON "Datastore"("tenantId", "liveName");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
