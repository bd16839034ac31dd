using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CarbonHuitong.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PlatformRollupSlots : Migration
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
                type: "INTEGER",
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
