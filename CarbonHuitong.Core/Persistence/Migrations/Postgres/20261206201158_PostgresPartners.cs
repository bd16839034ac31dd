using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CarbonHuitong.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PostgresPartners : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "CountedElsewhere",
                table: "Rides",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "DailyCapMilligrams",
                table: "GreenBehaviours",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DuplicateWindowSeconds",
                table: "GreenBehaviours",
                type: "integer",
                nullable: true);

            // The published rules for behaviours already in the database; new databases get them from Methodology.Published().
            migrationBuilder.Sql("""UPDATE "GreenBehaviours" SET "DuplicateWindowSeconds" = 180 WHERE "Code" IN ('bus_ride', 'metro_ride', 'shared_bicycle');""");
            migrationBuilder.Sql("""UPDATE "GreenBehaviours" SET "DailyCapMilligrams" = 296000 WHERE "Code" = 'walking';""");

            migrationBuilder.CreateTable(
                name: "DuplicateReports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EntryId = table.Column<long>(type: "bigint", nullable: false),
                    AccountId = table.Column<long>(type: "bigint", nullable: false),
                    BehaviourCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Source = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ExternalEventId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DuplicateReports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DuplicateReports_CarbonAccounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "CarbonAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DuplicateReports_LedgerEntries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "LedgerEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PartnerDailyCounts",
                columns: table => new
                {
                    PartnerCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Events = table.Column<long>(type: "bigint", nullable: false),
                    CreditHundredths = table.Column<long>(type: "bigint", nullable: false),
                    Milligrams = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerDailyCounts", x => new { x.PartnerCode, x.Day, x.Status, x.Code });
                });

            migrationBuilder.CreateTable(
                name: "Partners",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    NameZh = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RegisteredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Partners", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "PartnerBehaviours",
                columns: table => new
                {
                    PartnerCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    BehaviourCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerBehaviours", x => new { x.PartnerCode, x.BehaviourCode });
                    table.ForeignKey(
                        name: "FK_PartnerBehaviours_GreenBehaviours_BehaviourCode",
                        column: x => x.BehaviourCode,
                        principalTable: "GreenBehaviours",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PartnerBehaviours_Partners_PartnerCode",
                        column: x => x.PartnerCode,
                        principalTable: "Partners",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PartnerEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PartnerCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    EventId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    PartnerUserId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    BehaviourCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Quantity = table.Column<decimal>(type: "numeric(24,6)", precision: 24, scale: 6, nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    CreditHundredths = table.Column<long>(type: "bigint", nullable: false),
                    Milligrams = table.Column<long>(type: "bigint", nullable: false),
                    AccountId = table.Column<long>(type: "bigint", nullable: true),
                    LedgerEntryId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PartnerEvents_Partners_PartnerCode",
                        column: x => x.PartnerCode,
                        principalTable: "Partners",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PartnerLinkCodes",
                columns: table => new
                {
                    CodeHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    PartnerCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    AccountId = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RedeemedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RedeemedFor = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerLinkCodes", x => x.CodeHash);
                    table.ForeignKey(
                        name: "FK_PartnerLinkCodes_CarbonAccounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "CarbonAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PartnerLinkCodes_Partners_PartnerCode",
                        column: x => x.PartnerCode,
                        principalTable: "Partners",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PartnerLinks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PartnerCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    PartnerUserId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    AccountId = table.Column<long>(type: "bigint", nullable: false),
                    LinkedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EventsDeletedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PartnerLinks_CarbonAccounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "CarbonAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PartnerLinks_Partners_PartnerCode",
                        column: x => x.PartnerCode,
                        principalTable: "Partners",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PartnerSecrets",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PartnerCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    SealedSecret = table.Column<byte[]>(type: "bytea", nullable: false),
                    IssuedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RetiredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerSecrets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PartnerSecrets_Partners_PartnerCode",
                        column: x => x.PartnerCode,
                        principalTable: "Partners",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DuplicateReports_AccountId",
                table: "DuplicateReports",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_DuplicateReports_EntryId",
                table: "DuplicateReports",
                column: "EntryId");

            migrationBuilder.CreateIndex(
                name: "IX_DuplicateReports_Source_ExternalEventId",
                table: "DuplicateReports",
                columns: new[] { "Source", "ExternalEventId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PartnerBehaviours_BehaviourCode",
                table: "PartnerBehaviours",
                column: "BehaviourCode");

            migrationBuilder.CreateIndex(
                name: "IX_PartnerDailyCounts_Day",
                table: "PartnerDailyCounts",
                column: "Day");

            migrationBuilder.CreateIndex(
                name: "IX_PartnerEvents_PartnerCode_EventId",
                table: "PartnerEvents",
                columns: new[] { "PartnerCode", "EventId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PartnerEvents_PartnerCode_OccurredAt",
                table: "PartnerEvents",
                columns: new[] { "PartnerCode", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PartnerEvents_PartnerCode_PartnerUserId",
                table: "PartnerEvents",
                columns: new[] { "PartnerCode", "PartnerUserId" });

            migrationBuilder.CreateIndex(
                name: "IX_PartnerEvents_ReceivedAt",
                table: "PartnerEvents",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_PartnerLinkCodes_AccountId",
                table: "PartnerLinkCodes",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_PartnerLinkCodes_ExpiresAt",
                table: "PartnerLinkCodes",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_PartnerLinkCodes_PartnerCode",
                table: "PartnerLinkCodes",
                column: "PartnerCode");

            migrationBuilder.CreateIndex(
                name: "IX_PartnerLinks_AccountId_PartnerCode",
                table: "PartnerLinks",
                columns: new[] { "AccountId", "PartnerCode" },
                unique: true,
                filter: "\"RevokedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_PartnerLinks_PartnerCode_PartnerUserId",
                table: "PartnerLinks",
                columns: new[] { "PartnerCode", "PartnerUserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PartnerSecrets_PartnerCode_RetiredAt",
                table: "PartnerSecrets",
                columns: new[] { "PartnerCode", "RetiredAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DuplicateReports");

            migrationBuilder.DropTable(
                name: "PartnerBehaviours");

            migrationBuilder.DropTable(
                name: "PartnerDailyCounts");

            migrationBuilder.DropTable(
                name: "PartnerEvents");

            migrationBuilder.DropTable(
                name: "PartnerLinkCodes");

            migrationBuilder.DropTable(
                name: "PartnerLinks");

            migrationBuilder.DropTable(
                name: "PartnerSecrets");

            migrationBuilder.DropTable(
                name: "Partners");

            migrationBuilder.DropColumn(
                name: "CountedElsewhere",
                table: "Rides");

            migrationBuilder.DropColumn(
                name: "DailyCapMilligrams",
                table: "GreenBehaviours");

            migrationBuilder.DropColumn(
                name: "DuplicateWindowSeconds",
                table: "GreenBehaviours");
        }
    }
}
