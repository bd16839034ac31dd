using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CarbonHuitong.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PostgresPartialKindIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_LedgerEntries_Kind_OccurredAt",
                table: "LedgerEntries");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_Kind_OccurredAt",
                table: "LedgerEntries",
                columns: new[] { "Kind", "OccurredAt" },
                filter: "\"Kind\" IN ('Pending', 'Reverse', 'Expire')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_LedgerEntries_Kind_OccurredAt",
                table: "LedgerEntries");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_Kind_OccurredAt",
                table: "LedgerEntries",
                columns: new[] { "Kind", "OccurredAt" });
        }
    }
}
