using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CarbonHuitong.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class LifecycleIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_PartnerLinks_LinkedAt",
                table: "PartnerLinks",
                column: "LinkedAt");

            migrationBuilder.CreateIndex(
                name: "IX_PartnerLinks_RevokedAt",
                table: "PartnerLinks",
                column: "RevokedAt");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_RecordedAt",
                table: "LedgerEntries",
                column: "RecordedAt",
                filter: "\"SettlesEntryId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Coupons_Status_ExpiresAt",
                table: "Coupons",
                columns: new[] { "Status", "ExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Coupons_UsedAt",
                table: "Coupons",
                column: "UsedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PartnerLinks_LinkedAt",
                table: "PartnerLinks");

            migrationBuilder.DropIndex(
                name: "IX_PartnerLinks_RevokedAt",
                table: "PartnerLinks");

            migrationBuilder.DropIndex(
                name: "IX_LedgerEntries_RecordedAt",
                table: "LedgerEntries");

            migrationBuilder.DropIndex(
                name: "IX_Coupons_Status_ExpiresAt",
                table: "Coupons");

            migrationBuilder.DropIndex(
                name: "IX_Coupons_UsedAt",
                table: "Coupons");
        }
    }
}
