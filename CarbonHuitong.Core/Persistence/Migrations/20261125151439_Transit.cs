using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CarbonHuitong.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Transit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RideCodeKeys",
                columns: table => new
                {
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Algorithm = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PublicKey = table.Column<byte[]>(type: "BLOB", nullable: false),
                    PrivateKey = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    RetiredAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RideCodeKeys", x => x.KeyId);
                });

            migrationBuilder.CreateTable(
                name: "Terminals",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LineId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    KeyHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    RegisteredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    KeyIssuedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Terminals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Rides",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TerminalId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ScanId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AccountId = table.Column<long>(type: "INTEGER", nullable: false),
                    CodeNonce = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    LineId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    VehicleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FareFen = table.Column<long>(type: "INTEGER", nullable: false),
                    ScannedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EarnEntryId = table.Column<long>(type: "INTEGER", nullable: false),
                    CreditsEarnedHundredths = table.Column<long>(type: "INTEGER", nullable: false),
                    BalanceAfterHundredths = table.Column<long>(type: "INTEGER", nullable: false),
                    CouponId = table.Column<long>(type: "INTEGER", nullable: true),
                    CouponFaceValueFen = table.Column<long>(type: "INTEGER", nullable: false),
                    AmountDueFen = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Rides", x => x.Id);
                    table.CheckConstraint("CK_Rides_AmountDue", "\"AmountDueFen\" >= 0");
                    table.ForeignKey(
                        name: "FK_Rides_CarbonAccounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "CarbonAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Rides_Coupons_CouponId",
                        column: x => x.CouponId,
                        principalTable: "Coupons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Rides_LedgerEntries_EarnEntryId",
                        column: x => x.EarnEntryId,
                        principalTable: "LedgerEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Rides_Terminals_TerminalId",
                        column: x => x.TerminalId,
                        principalTable: "Terminals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Rides_AccountId_CodeNonce",
                table: "Rides",
                columns: new[] { "AccountId", "CodeNonce" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Rides_CouponId",
                table: "Rides",
                column: "CouponId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Rides_EarnEntryId",
                table: "Rides",
                column: "EarnEntryId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Rides_TerminalId_ScanId",
                table: "Rides",
                columns: new[] { "TerminalId", "ScanId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Terminals_KeyHash",
                table: "Terminals",
                column: "KeyHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RideCodeKeys");

            migrationBuilder.DropTable(
                name: "Rides");

            migrationBuilder.DropTable(
                name: "Terminals");
        }
    }
}
