using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CarbonHuitong.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PostgresRideCouponIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Rides_CouponId",
                table: "Rides");

            migrationBuilder.CreateIndex(
                name: "IX_Rides_CouponId",
                table: "Rides",
                column: "CouponId",
                unique: true,
                filter: "\"CouponId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Rides_CouponId",
                table: "Rides");

            migrationBuilder.CreateIndex(
                name: "IX_Rides_CouponId",
                table: "Rides",
                column: "CouponId",
                unique: true);
        }
    }
}
