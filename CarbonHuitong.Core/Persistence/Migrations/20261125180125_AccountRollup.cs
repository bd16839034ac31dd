using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CarbonHuitong.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AccountRollup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AccountDailyReductions",
                columns: table => new
                {
                    AccountId = table.Column<long>(type: "INTEGER", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Milligrams = table.Column<long>(type: "INTEGER", nullable: false),
                    CreditHundredths = table.Column<long>(type: "INTEGER", nullable: false),
                    Entries = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountDailyReductions", x => new { x.AccountId, x.Day, x.Category });
                    table.ForeignKey(
                        name: "FK_AccountDailyReductions_CarbonAccounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "CarbonAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            // Accounts that earned before this migration get their rollup from their ledger.
            migrationBuilder.Sql("""
                INSERT INTO AccountDailyReductions (AccountId, Day, Category, Milligrams, CreditHundredths, Entries)
                SELECT AccountId, date(OccurredAt, '+8 hours'), COALESCE(Category, ''), SUM(Milligrams), SUM(CreditHundredths), COUNT(*)
                FROM LedgerEntries WHERE Kind = 'Earn'
                GROUP BY AccountId, date(OccurredAt, '+8 hours'), COALESCE(Category, '');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccountDailyReductions");
        }
    }
}
