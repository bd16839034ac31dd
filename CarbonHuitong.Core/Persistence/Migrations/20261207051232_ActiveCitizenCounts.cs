using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CarbonHuitong.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ActiveCitizenCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ActiveCitizenCounts",
                columns: table => new
                {
                    Month = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PreviousMonth = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Citizens = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActiveCitizenCounts", x => new { x.Month, x.Scope, x.PreviousMonth });
                });

            migrationBuilder.CreateTable(
                name: "ActivitySpans",
                columns: table => new
                {
                    Scope = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AccountId = table.Column<long>(type: "INTEGER", nullable: false),
                    Month = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PreviousMonth = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActivitySpans", x => new { x.Scope, x.AccountId, x.Month });
                });

            migrationBuilder.CreateTable(
                name: "RegisteredCitizenMonths",
                columns: table => new
                {
                    Month = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DistrictCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Opened = table.Column<long>(type: "INTEGER", nullable: false),
                    Closed = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RegisteredCitizenMonths", x => new { x.Month, x.DistrictCode });
                });

            migrationBuilder.CreateIndex(
                name: "IX_ActivitySpans_Uncounted",
                table: "ActivitySpans",
                column: "PreviousMonth",
                filter: "\"PreviousMonth\" IS NULL");

            // What the ledger already counted becomes spans, left for the first catch-up (ActiveCitizenCounts) to count.
            migrationBuilder.Sql("""
                INSERT INTO "ActivitySpans" ("Scope", "AccountId", "Month")
                SELECT '*', "AccountId", "Month" FROM "AccountMonthActivities"
                UNION SELECT 'd:' || "DistrictCode", "AccountId", "Month" FROM "AccountMonthActivities"
                UNION SELECT 'c:' || "Category", "AccountId", "Month" FROM "AccountMonthActivities"
                UNION SELECT 'dc:' || "DistrictCode" || ':' || "Category", "AccountId", "Month" FROM "AccountMonthActivities"
                UNION SELECT 'b:' || "BehaviourCode", "AccountId", "Month" FROM "AccountMonthActivities";
                """);

            // The citizens registered per month and district, kept by the database whatever writes an account.
            migrationBuilder.Sql("""
                INSERT INTO "RegisteredCitizenMonths" ("Month", "DistrictCode", "Opened", "Closed")
                SELECT "Month", "DistrictCode", SUM("Opened"), SUM("Closed") FROM (
                    SELECT strftime('%Y-%m-01', "OpenedAt", '+8 hours') AS "Month", COALESCE("DistrictCode", '') AS "DistrictCode", 1 AS "Opened", 0 AS "Closed"
                    FROM "CarbonAccounts"
                    UNION ALL
                    SELECT strftime('%Y-%m-01', "ClosedAt", '+8 hours'), COALESCE("DistrictCode", ''), 0, 1 FROM "CarbonAccounts" WHERE "ClosedAt" IS NOT NULL
                ) AS changes
                GROUP BY "Month", "DistrictCode";
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "CarbonAccounts_Registered_Insert" AFTER INSERT ON "CarbonAccounts" BEGIN
                    INSERT INTO "RegisteredCitizenMonths" ("Month", "DistrictCode", "Opened", "Closed")
                    VALUES (strftime('%Y-%m-01', NEW."OpenedAt", '+8 hours'), COALESCE(NEW."DistrictCode", ''), 1, 0)
                    ON CONFLICT ("Month", "DistrictCode") DO UPDATE SET "Opened" = "Opened" + 1;
                    INSERT INTO "RegisteredCitizenMonths" ("Month", "DistrictCode", "Opened", "Closed")
                    SELECT strftime('%Y-%m-01', NEW."ClosedAt", '+8 hours'), COALESCE(NEW."DistrictCode", ''), 0, 1 WHERE NEW."ClosedAt" IS NOT NULL
                    ON CONFLICT ("Month", "DistrictCode") DO UPDATE SET "Closed" = "Closed" + 1;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "CarbonAccounts_Registered_Update" AFTER UPDATE OF "OpenedAt", "ClosedAt", "DistrictCode" ON "CarbonAccounts" BEGIN
                    UPDATE "RegisteredCitizenMonths" SET "Opened" = "Opened" - 1
                    WHERE "Month" = strftime('%Y-%m-01', OLD."OpenedAt", '+8 hours') AND "DistrictCode" = COALESCE(OLD."DistrictCode", '');
                    UPDATE "RegisteredCitizenMonths" SET "Closed" = "Closed" - 1
                    WHERE OLD."ClosedAt" IS NOT NULL AND "Month" = strftime('%Y-%m-01', OLD."ClosedAt", '+8 hours') AND "DistrictCode" = COALESCE(OLD."DistrictCode", '');
                    INSERT INTO "RegisteredCitizenMonths" ("Month", "DistrictCode", "Opened", "Closed")
                    VALUES (strftime('%Y-%m-01', NEW."OpenedAt", '+8 hours'), COALESCE(NEW."DistrictCode", ''), 1, 0)
                    ON CONFLICT ("Month", "DistrictCode") DO UPDATE SET "Opened" = "Opened" + 1;
                    INSERT INTO "RegisteredCitizenMonths" ("Month", "DistrictCode", "Opened", "Closed")
                    SELECT strftime('%Y-%m-01', NEW."ClosedAt", '+8 hours'), COALESCE(NEW."DistrictCode", ''), 0, 1 WHERE NEW."ClosedAt" IS NOT NULL
                    ON CONFLICT ("Month", "DistrictCode") DO UPDATE SET "Closed" = "Closed" + 1;
                    -- A citizen active in the month they close is no longer registered at its end, and still one of its citizens.
                    INSERT INTO "ActiveCitizenCounts" ("Month", "Scope", "PreviousMonth", "Citizens")
                    SELECT s."Month", 'u', '1900-01-01', 1 FROM "ActivitySpans" AS s
                    WHERE OLD."ClosedAt" IS NULL AND NEW."ClosedAt" IS NOT NULL AND s."Scope" = '*' AND s."AccountId" = NEW."Id"
                        AND s."Month" = strftime('%Y-%m-01', NEW."ClosedAt", '+8 hours') AND s."PreviousMonth" IS NOT NULL
                    ON CONFLICT ("Month", "Scope", "PreviousMonth") DO UPDATE SET "Citizens" = "Citizens" + 1;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "CarbonAccounts_Registered_Delete" AFTER DELETE ON "CarbonAccounts" BEGIN
                    UPDATE "RegisteredCitizenMonths" SET "Opened" = "Opened" - 1
                    WHERE "Month" = strftime('%Y-%m-01', OLD."OpenedAt", '+8 hours') AND "DistrictCode" = COALESCE(OLD."DistrictCode", '');
                    UPDATE "RegisteredCitizenMonths" SET "Closed" = "Closed" - 1
                    WHERE OLD."ClosedAt" IS NOT NULL AND "Month" = strftime('%Y-%m-01', OLD."ClosedAt", '+8 hours') AND "DistrictCode" = COALESCE(OLD."DistrictCode", '');
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "CarbonAccounts_Registered_Insert";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "CarbonAccounts_Registered_Update";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "CarbonAccounts_Registered_Delete";""");

            migrationBuilder.DropTable(
                name: "ActiveCitizenCounts");

            migrationBuilder.DropTable(
                name: "ActivitySpans");

            migrationBuilder.DropTable(
                name: "RegisteredCitizenMonths");
        }
    }
}
