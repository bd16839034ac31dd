using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CarbonHuitong.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PostgresPlatformRollupSlots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_DailyReductions",
                table: "DailyReductions");

            migrationBuilder.AddColumn<int>(
                name: "Slot",
                table: "DailyReductions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddPrimaryKey(
                name: "PK_DailyReductions",
                table: "DailyReductions",
                columns: new[] { "Day", "BehaviourCode", "Slot" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Each day and behaviour's slots are added up into slot 0 first, or the old key would refuse them.
            migrationBuilder.Sql("""
                CREATE TEMPORARY TABLE "DailyReductionTotals" ON COMMIT DROP AS
                SELECT "Day", "BehaviourCode", MIN("Category") AS "Category", SUM("Milligrams") AS "Milligrams",
                    SUM("CreditHundredths") AS "CreditHundredths", SUM("Entries") AS "Entries"
                FROM "DailyReductions" GROUP BY "Day", "BehaviourCode";
                DELETE FROM "DailyReductions";
                INSERT INTO "DailyReductions" ("Day", "BehaviourCode", "Slot", "Category", "Milligrams", "CreditHundredths", "Entries")
                SELECT "Day", "BehaviourCode", 0, "Category", "Milligrams", "CreditHundredths", "Entries" FROM "DailyReductionTotals";
                """);

            migrationBuilder.DropPrimaryKey(
                name: "PK_DailyReductions",
                table: "DailyReductions");

            migrationBuilder.DropColumn(
                name: "Slot",
                table: "DailyReductions");

            migrationBuilder.AddPrimaryKey(
                name: "PK_DailyReductions",
                table: "DailyReductions",
                columns: new[] { "Day", "BehaviourCode" });
        }
    }
}
