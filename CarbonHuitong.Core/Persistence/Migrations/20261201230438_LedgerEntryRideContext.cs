using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CarbonHuitong.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class LedgerEntryRideContext : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "CouponFaceValueFen",
                table: "LedgerEntries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LineId",
                table: "LedgerEntries",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            // Rides recorded before this release: their earn entries learn the line and the coupon from the ride,
            // so the history reads them from the ledger alone. The append-only trigger steps aside for this one update.
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS LedgerEntries_NoUpdate;");
            migrationBuilder.Sql("""
                UPDATE "LedgerEntries" SET
                    "LineId" = (SELECT r."LineId" FROM "Rides" r WHERE r."EarnEntryId" = "LedgerEntries"."Id"),
                    "CouponFaceValueFen" = (SELECT CASE WHEN r."CouponId" IS NULL THEN NULL ELSE r."CouponFaceValueFen" END
                        FROM "Rides" r WHERE r."EarnEntryId" = "LedgerEntries"."Id")
                WHERE "Id" IN (SELECT "EarnEntryId" FROM "Rides");
                """);
            migrationBuilder.Sql("CREATE TRIGGER LedgerEntries_NoUpdate BEFORE UPDATE ON LedgerEntries BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // SQLite drops these columns in place (3.35+); EF's DropColumn would rebuild the table and lose the
            // append-only triggers with it.
            migrationBuilder.Sql("""ALTER TABLE "LedgerEntries" DROP COLUMN "CouponFaceValueFen";""");
            migrationBuilder.Sql("""ALTER TABLE "LedgerEntries" DROP COLUMN "LineId";""");
        }
    }
}
