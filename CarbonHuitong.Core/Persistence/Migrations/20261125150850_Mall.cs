using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CarbonHuitong.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Mall : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "EmissionProjects",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Organization = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Methodology = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Scenario = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    CreditingPeriodStart = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CreditingPeriodEnd = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RegisteredAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EmissionProjects", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CouponBatches",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProjectId = table.Column<long>(type: "INTEGER", nullable: false),
                    FaceValueFen = table.Column<long>(type: "INTEGER", nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    FundedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CouponBatches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CouponBatches_EmissionProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "EmissionProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MallItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BatchId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    PriceHundredths = table.Column<long>(type: "INTEGER", nullable: false),
                    FaceValueFen = table.Column<long>(type: "INTEGER", nullable: false),
                    StockLeft = table.Column<int>(type: "INTEGER", nullable: false),
                    ValidDays = table.Column<int>(type: "INTEGER", nullable: true),
                    ValidUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    MonthlyLimitPerCitizen = table.Column<int>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ListedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MallItems", x => x.Id);
                    table.CheckConstraint("CK_MallItems_StockLeft", "\"StockLeft\" >= 0");
                    table.ForeignKey(
                        name: "FK_MallItems_CouponBatches_BatchId",
                        column: x => x.BatchId,
                        principalTable: "CouponBatches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Coupons",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AccountId = table.Column<long>(type: "INTEGER", nullable: false),
                    MallItemId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    FaceValueFen = table.Column<long>(type: "INTEGER", nullable: false),
                    IssuedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    UsedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UsedLineId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    UsedVehicleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SpendEntryId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Coupons", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Coupons_CarbonAccounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "CarbonAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Coupons_LedgerEntries_SpendEntryId",
                        column: x => x.SpendEntryId,
                        principalTable: "LedgerEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Coupons_MallItems_MallItemId",
                        column: x => x.MallItemId,
                        principalTable: "MallItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CouponBatches_ProjectId",
                table: "CouponBatches",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_Coupons_AccountId_MallItemId_IssuedAt",
                table: "Coupons",
                columns: new[] { "AccountId", "MallItemId", "IssuedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Coupons_AccountId_RequestId",
                table: "Coupons",
                columns: new[] { "AccountId", "RequestId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Coupons_AccountId_Status_ExpiresAt",
                table: "Coupons",
                columns: new[] { "AccountId", "Status", "ExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Coupons_Code",
                table: "Coupons",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Coupons_MallItemId",
                table: "Coupons",
                column: "MallItemId");

            migrationBuilder.CreateIndex(
                name: "IX_Coupons_SpendEntryId",
                table: "Coupons",
                column: "SpendEntryId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EmissionProjects_Organization",
                table: "EmissionProjects",
                column: "Organization");

            migrationBuilder.CreateIndex(
                name: "IX_MallItems_BatchId",
                table: "MallItems",
                column: "BatchId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Coupons");

            migrationBuilder.DropTable(
                name: "MallItems");

            migrationBuilder.DropTable(
                name: "CouponBatches");

            migrationBuilder.DropTable(
                name: "EmissionProjects");
        }
    }
}
