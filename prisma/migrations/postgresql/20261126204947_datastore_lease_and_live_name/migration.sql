-- DropIndex
DROP INDEX "Datastore_tenantId_name_key";

-- AlterTable
ALTER TABLE "Datastore" ADD COLUMN     "leaseOwner" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "leaseUntil" TIMESTAMP(3),
ADD COLUMN     "liveName" TEXT;

-- CreateIndex
CREATE INDEX "Datastore_tenantId_name_idx" ON "Datastore"("tenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Datastore_tenantId_liveName_key" ON "Datastore"("tenantId", "liveName");
