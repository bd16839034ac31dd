using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CarbonHuitong.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PlatformRollupSlots : Migration
    {
        // SQLite cannot change a primary key in place. EF's own table rebuild turns foreign keys off, which cannot run
        // inside the migration's transaction; this table has no foreign keys, so it is rebuilt here inside it.
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
            CREATE TABLE "ef_temp_DailyReductions" (
                "Day" TEXT NOT NULL,
                "BehaviourCode" TEXT NOT NULL,
                "Slot" INTEGER NOT NULL,
                "Category" TEXT NOT NULL,
                "Milligrams" INTEGER NOT NULL,
                "CreditHundredths" INTEGER NOT NULL,
                "Entries" INTEGER NOT NULL,
                CONSTRAINT "PK_DailyReductions" PRIMARY KEY ("Day", "BehaviourCode", "Slot")
            );
            INSERT INTO "ef_temp_DailyReductions" ("Day", "BehaviourCode", "Slot", "Category", "Milligrams", "CreditHundredths", "Entries")
            SELECT "Day", "BehaviourCode", 0, "Category", "Milligrams", "CreditHundredths", "Entries" FROM "DailyReductions";
            DROP TABLE "DailyReductions";
            ALTER TABLE "ef_temp_DailyReductions" RENAME TO "DailyReductions";
            """);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
            CREATE TABLE "ef_temp_DailyReductions" (
                "Day" TEXT NOT NULL,
                "BehaviourCode" TEXT NOT NULL,
                "Category" TEXT NOT NULL,
                "Milligrams" INTEGER NOT NULL,
                "CreditHundredths" INTEGER NOT NULL,
                "Entries" INTEGER NOT NULL,
                CONSTRAINT "PK_DailyReductions" PRIMARY KEY ("Day", "BehaviourCode")
            );
            INSERT INTO "ef_temp_DailyReductions" ("Day", "BehaviourCode", "Category", "Milligrams", "CreditHundredths", "Entries")
            SELECT "Day", "BehaviourCode", MIN("Category"), SUM("Milligrams"), SUM("CreditHundredths"), SUM("Entries")
            FROM "DailyReductions" GROUP BY "Day", "BehaviourCode";
            DROP TABLE "DailyReductions";
            ALTER TABLE "ef_temp_DailyReductions" RENAME TO "DailyReductions";
            """);
    }
}
