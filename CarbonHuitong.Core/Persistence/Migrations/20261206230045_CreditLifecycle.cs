using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CarbonHuitong.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CreditLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "PendingWindowHours",
                table: "Partners",
                type: "INTEGER",
                nullable: false,
                defaultValue: 72);

            migrationBuilder.AddColumn<bool>(
                name: "Pending",
                table: "PartnerEvents",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "PendingHundredths",
                table: "LedgerEntries",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "SettlesEntryId",
                table: "LedgerEntries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "FrozenAt",
                table: "CarbonAccounts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FrozenReason",
                table: "CarbonAccounts",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PendingHundredths",
                table: "CarbonAccounts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "AccountCreditYears",
                columns: table => new
                {
                    AccountId = table.Column<long>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    InHundredths = table.Column<long>(type: "INTEGER", nullable: false),
                    OutHundredths = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountCreditYears", x => new { x.AccountId, x.Year });
                    table.ForeignKey(
                        name: "FK_AccountCreditYears_CarbonAccounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "CarbonAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Claims",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Place = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    BehaviourCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    PartnerCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    PartnerEventId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    DecisionReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    GrantedHundredths = table.Column<long>(type: "INTEGER", nullable: true),
                    AdjustEntryId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Claims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Claims_CarbonAccounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "CarbonAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CreditShortfalls",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<long>(type: "INTEGER", nullable: false),
                    RequestedHundredths = table.Column<long>(type: "INTEGER", nullable: false),
                    TakenHundredths = table.Column<long>(type: "INTEGER", nullable: false),
                    ShortfallHundredths = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ActorUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EntryId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CreditShortfalls", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CreditShortfalls_CarbonAccounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "CarbonAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "JobLeases",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Holder = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Progress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobLeases", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "Notifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    FactKey = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    CreditHundredths = table.Column<long>(type: "INTEGER", nullable: true),
                    FaceValueFen = table.Column<long>(type: "INTEGER", nullable: true),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReadAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DeliveredAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Notifications_CarbonAccounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "CarbonAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_Kind_OccurredAt",
                table: "LedgerEntries",
                columns: new[] { "Kind", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_SettlesEntryId",
                table: "LedgerEntries",
                column: "SettlesEntryId",
                unique: true,
                filter: "\"SettlesEntryId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Claims_AccountId_RequestId",
                table: "Claims",
                columns: new[] { "AccountId", "RequestId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Claims_AccountId_SubmittedAt",
                table: "Claims",
                columns: new[] { "AccountId", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Claims_Status_SubmittedAt",
                table: "Claims",
                columns: new[] { "Status", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CreditShortfalls_AccountId",
                table: "CreditShortfalls",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_CreditShortfalls_At",
                table: "CreditShortfalls",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_AccountId_CreatedAt_Id",
                table: "Notifications",
                columns: new[] { "AccountId", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_AccountId_FactKey",
                table: "Notifications",
                columns: new[] { "AccountId", "FactKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_AccountId_ReadAt",
                table: "Notifications",
                columns: new[] { "AccountId", "ReadAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_DeliveredAt",
                table: "Notifications",
                column: "DeliveredAt");

            // Credits in and out per account and China year, for the expiry, from the entries already written.
            migrationBuilder.Sql("""
                INSERT INTO "AccountCreditYears" ("AccountId", "Year", "InHundredths", "OutHundredths")
                SELECT "AccountId", CAST(strftime('%Y', "OccurredAt", '+8 hours') AS INTEGER),
                    SUM(CASE WHEN "CreditHundredths" > 0 THEN "CreditHundredths" ELSE 0 END),
                    SUM(CASE WHEN "CreditHundredths" < 0 THEN -"CreditHundredths" ELSE 0 END)
                FROM "LedgerEntries" WHERE "CreditHundredths" <> 0
                GROUP BY 1, 2;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccountCreditYears");

            migrationBuilder.DropTable(
                name: "Claims");

            migrationBuilder.DropTable(
                name: "CreditShortfalls");

            migrationBuilder.DropTable(
                name: "JobLeases");

            migrationBuilder.DropTable(
                name: "Notifications");

            migrationBuilder.DropIndex(
                name: "IX_LedgerEntries_Kind_OccurredAt",
                table: "LedgerEntries");

            migrationBuilder.DropIndex(
                name: "IX_LedgerEntries_SettlesEntryId",
                table: "LedgerEntries");

            migrationBuilder.DropColumn(
                name: "PendingWindowHours",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "Pending",
                table: "PartnerEvents");

            migrationBuilder.DropColumn(
                name: "PendingHundredths",
                table: "LedgerEntries");

            migrationBuilder.DropColumn(
                name: "SettlesEntryId",
                table: "LedgerEntries");

            migrationBuilder.DropColumn(
                name: "FrozenAt",
                table: "CarbonAccounts");

            migrationBuilder.DropColumn(
                name: "FrozenReason",
                table: "CarbonAccounts");

            migrationBuilder.DropColumn(
                name: "PendingHundredths",
                table: "CarbonAccounts");
        }
    }
}
