using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CarbonHuitong.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Admin : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_MallItems_BatchId",
                table: "MallItems");

            migrationBuilder.DropIndex(
                name: "IX_CouponBatches_ProjectId",
                table: "CouponBatches");

            migrationBuilder.AddColumn<string>(
                name: "ImageUrl",
                table: "MallItems",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MonthlyLimitPerCitizen",
                table: "CouponBatches",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PriceHundredths",
                table: "CouponBatches",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "RejectionReason",
                table: "CouponBatches",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ReviewedAt",
                table: "CouponBatches",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "CouponBatches",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "SubmittedAt",
                table: "CouponBatches",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ValidDays",
                table: "CouponBatches",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ValidUntil",
                table: "CouponBatches",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Organization",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ActorUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    ActorEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EntityType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EntityId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Before = table.Column<string>(type: "TEXT", nullable: true),
                    After = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BehaviourFactors",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BehaviourCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    MilligramsPerUnit = table.Column<long>(type: "INTEGER", nullable: false),
                    CreditHundredthsPerUnit = table.Column<long>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ScheduledAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BehaviourFactors", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BehaviourFactors_GreenBehaviours_BehaviourCode",
                        column: x => x.BehaviourCode,
                        principalTable: "GreenBehaviours",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CarbonSales",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProjectId = table.Column<long>(type: "INTEGER", nullable: false),
                    Tonnes = table.Column<long>(type: "INTEGER", nullable: false),
                    PricePerTonneFen = table.Column<long>(type: "INTEGER", nullable: false),
                    RevenueFen = table.Column<long>(type: "INTEGER", nullable: false),
                    Buyer = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SoldOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CarbonSales", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CarbonSales_EmissionProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "EmissionProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DailyReductions",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    BehaviourCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Milligrams = table.Column<long>(type: "INTEGER", nullable: false),
                    CreditHundredths = table.Column<long>(type: "INTEGER", nullable: false),
                    Entries = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DailyReductions", x => new { x.Day, x.BehaviourCode });
                });

            migrationBuilder.CreateTable(
                name: "ReductionIssuances",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProjectId = table.Column<long>(type: "INTEGER", nullable: false),
                    Tonnes = table.Column<long>(type: "INTEGER", nullable: false),
                    Vintage = table.Column<int>(type: "INTEGER", nullable: false),
                    SerialNumbers = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    IssuedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReductionIssuances", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReductionIssuances_EmissionProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "EmissionProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MallItems_BatchId",
                table: "MallItems",
                column: "BatchId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CouponBatches_ProjectId_Status",
                table: "CouponBatches",
                columns: new[] { "ProjectId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Action_At",
                table: "AuditEntries",
                columns: new[] { "Action", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_At",
                table: "AuditEntries",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_BehaviourFactors_BehaviourCode_EffectiveFrom",
                table: "BehaviourFactors",
                columns: new[] { "BehaviourCode", "EffectiveFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_CarbonSales_ProjectId",
                table: "CarbonSales",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_ReductionIssuances_ProjectId",
                table: "ReductionIssuances",
                column: "ProjectId");

            // The audit log is append-only: the database refuses to change or remove an entry.
            migrationBuilder.Sql("CREATE TRIGGER AuditEntries_NoUpdate BEFORE UPDATE ON AuditEntries BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER AuditEntries_NoDelete BEFORE DELETE ON AuditEntries BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;");
            // Batches from before the review workflow were put on the shelf directly.
            migrationBuilder.Sql("UPDATE CouponBatches SET Status = 'Listed' WHERE Status = '' OR Status IS NULL;");
            // The platform's daily totals start from the ledger as it already is.
            migrationBuilder.Sql("""
                INSERT INTO DailyReductions (Day, BehaviourCode, Category, Milligrams, CreditHundredths, Entries)
                SELECT date(OccurredAt, '+8 hours'), BehaviourCode, COALESCE(Category, ''), SUM(Milligrams), SUM(CreditHundredths), COUNT(*)
                FROM LedgerEntries WHERE Kind = 'Earn' AND BehaviourCode IS NOT NULL
                GROUP BY date(OccurredAt, '+8 hours'), BehaviourCode;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS AuditEntries_NoUpdate;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS AuditEntries_NoDelete;");

            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropTable(
                name: "BehaviourFactors");

            migrationBuilder.DropTable(
                name: "CarbonSales");

            migrationBuilder.DropTable(
                name: "DailyReductions");

            migrationBuilder.DropTable(
                name: "ReductionIssuances");

            migrationBuilder.DropIndex(
                name: "IX_MallItems_BatchId",
                table: "MallItems");

            migrationBuilder.DropIndex(
                name: "IX_CouponBatches_ProjectId_Status",
                table: "CouponBatches");

            migrationBuilder.DropColumn(
                name: "ImageUrl",
                table: "MallItems");

            migrationBuilder.DropColumn(
                name: "MonthlyLimitPerCitizen",
                table: "CouponBatches");

            migrationBuilder.DropColumn(
                name: "PriceHundredths",
                table: "CouponBatches");

            migrationBuilder.DropColumn(
                name: "RejectionReason",
                table: "CouponBatches");

            migrationBuilder.DropColumn(
                name: "ReviewedAt",
                table: "CouponBatches");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "CouponBatches");

            migrationBuilder.DropColumn(
                name: "SubmittedAt",
                table: "CouponBatches");

            migrationBuilder.DropColumn(
                name: "ValidDays",
                table: "CouponBatches");

            migrationBuilder.DropColumn(
                name: "ValidUntil",
                table: "CouponBatches");

            migrationBuilder.DropColumn(
                name: "Organization",
                table: "AspNetUsers");

            migrationBuilder.CreateIndex(
                name: "IX_MallItems_BatchId",
                table: "MallItems",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_CouponBatches_ProjectId",
                table: "CouponBatches",
                column: "ProjectId");
        }
    }
}
