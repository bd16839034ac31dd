using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CarbonHuitong.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PostgresActiveCitizenCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ActiveCitizenCounts",
                columns: table => new
                {
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    Scope = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PreviousMonth = table.Column<DateOnly>(type: "date", nullable: false),
                    Citizens = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActiveCitizenCounts", x => new { x.Month, x.Scope, x.PreviousMonth });
                });

            migrationBuilder.CreateTable(
                name: "ActivitySpans",
                columns: table => new
                {
                    Scope = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AccountId = table.Column<long>(type: "bigint", nullable: false),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    PreviousMonth = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActivitySpans", x => new { x.Scope, x.AccountId, x.Month });
                });

            migrationBuilder.CreateTable(
                name: "RegisteredCitizenMonths",
                columns: table => new
                {
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    DistrictCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    Opened = table.Column<long>(type: "bigint", nullable: false),
                    Closed = table.Column<long>(type: "bigint", nullable: false)
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
                CREATE FUNCTION china_month(moment timestamp with time zone) RETURNS date LANGUAGE sql IMMUTABLE AS $$
                    SELECT date_trunc('month', (moment AT TIME ZONE 'UTC') + interval '8 hours')::date
                $$;
                INSERT INTO "RegisteredCitizenMonths" ("Month", "DistrictCode", "Opened", "Closed")
                SELECT "Month", "DistrictCode", SUM("Opened"), SUM("Closed") FROM (
                    SELECT china_month("OpenedAt") AS "Month", COALESCE("DistrictCode", '') AS "DistrictCode", 1 AS "Opened", 0 AS "Closed"
                    FROM "CarbonAccounts"
                    UNION ALL
                    SELECT china_month("ClosedAt"), COALESCE("DistrictCode", ''), 0, 1 FROM "CarbonAccounts" WHERE "ClosedAt" IS NOT NULL
                ) AS changes
                GROUP BY "Month", "DistrictCode";
                CREATE FUNCTION count_registered_citizens() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP IN ('UPDATE', 'DELETE') THEN
                        UPDATE "RegisteredCitizenMonths" SET "Opened" = "Opened" - 1
                        WHERE "Month" = china_month(OLD."OpenedAt") AND "DistrictCode" = COALESCE(OLD."DistrictCode", '');
                        IF OLD."ClosedAt" IS NOT NULL THEN
                            UPDATE "RegisteredCitizenMonths" SET "Closed" = "Closed" - 1
                            WHERE "Month" = china_month(OLD."ClosedAt") AND "DistrictCode" = COALESCE(OLD."DistrictCode", '');
                        END IF;
                    END IF;
                    IF TG_OP = 'DELETE' THEN
                        RETURN NULL;
                    END IF;
                    INSERT INTO "RegisteredCitizenMonths" ("Month", "DistrictCode", "Opened", "Closed")
                    VALUES (china_month(NEW."OpenedAt"), COALESCE(NEW."DistrictCode", ''), 1, 0)
                    ON CONFLICT ("Month", "DistrictCode") DO UPDATE SET "Opened" = "RegisteredCitizenMonths"."Opened" + 1;
                    IF NEW."ClosedAt" IS NOT NULL THEN
                        INSERT INTO "RegisteredCitizenMonths" ("Month", "DistrictCode", "Opened", "Closed")
                        VALUES (china_month(NEW."ClosedAt"), COALESCE(NEW."DistrictCode", ''), 0, 1)
                        ON CONFLICT ("Month", "DistrictCode") DO UPDATE SET "Closed" = "RegisteredCitizenMonths"."Closed" + 1;
                    END IF;
                    -- A citizen active in the month they close is no longer registered at its end, and still one of its citizens.
                    IF TG_OP = 'UPDATE' AND OLD."ClosedAt" IS NULL AND NEW."ClosedAt" IS NOT NULL THEN
                        INSERT INTO "ActiveCitizenCounts" ("Month", "Scope", "PreviousMonth", "Citizens")
                        SELECT s."Month", 'u', DATE '1900-01-01', 1 FROM "ActivitySpans" AS s
                        WHERE s."Scope" = '*' AND s."AccountId" = NEW."Id" AND s."Month" = china_month(NEW."ClosedAt") AND s."PreviousMonth" IS NOT NULL
                        ON CONFLICT ("Month", "Scope", "PreviousMonth") DO UPDATE SET "Citizens" = "ActiveCitizenCounts"."Citizens" + 1;
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER "CarbonAccounts_RegisteredCitizens" AFTER INSERT OR DELETE OR UPDATE OF "OpenedAt", "ClosedAt", "DistrictCode" ON "CarbonAccounts"
                    FOR EACH ROW EXECUTE FUNCTION count_registered_citizens();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS "CarbonAccounts_RegisteredCitizens" ON "CarbonAccounts";
                DROP FUNCTION IF EXISTS count_registered_citizens();
                DROP FUNCTION IF EXISTS china_month(timestamp with time zone);
                """);

            migrationBuilder.DropTable(
                name: "ActiveCitizenCounts");

            migrationBuilder.DropTable(
                name: "ActivitySpans");

            migrationBuilder.DropTable(
                name: "RegisteredCitizenMonths");
        }
    }
}
