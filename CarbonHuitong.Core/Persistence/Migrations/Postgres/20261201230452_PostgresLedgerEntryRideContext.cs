using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CarbonHuitong.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PostgresLedgerEntryRideContext : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "CouponFaceValueFen",
                table: "LedgerEntries",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LineId",
                table: "LedgerEntries",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            // Rides recorded before this release: their earn entries learn the line and the coupon from the ride,
            // so the history reads them from the ledger alone. The append-only trigger steps aside for this one update.
            migrationBuilder.Sql("""
                ALTER TABLE "LedgerEntries" DISABLE TRIGGER "LedgerEntries_AppendOnly";
                UPDATE "LedgerEntries" AS e SET
                    "LineId" = r."LineId",
                    "CouponFaceValueFen" = CASE WHEN r."CouponId" IS NULL THEN NULL ELSE r."CouponFaceValueFen" END
                FROM "Rides" AS r WHERE r."EarnEntryId" = e."Id";
                ALTER TABLE "LedgerEntries" ENABLE TRIGGER "LedgerEntries_AppendOnly";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CouponFaceValueFen",
                table: "LedgerEntries");

            migrationBuilder.DropColumn(
                name: "LineId",
                table: "LedgerEntries");
        }
    }
}
