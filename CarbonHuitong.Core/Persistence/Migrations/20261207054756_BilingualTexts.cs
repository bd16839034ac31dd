using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CarbonHuitong.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class BilingualTexts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "Title",
                table: "MallItems",
                newName: "TitleZh");

            migrationBuilder.RenameColumn(
                name: "Description",
                table: "MallItems",
                newName: "DescriptionZh");

            migrationBuilder.RenameColumn(
                name: "Source",
                table: "GreenBehaviours",
                newName: "SourceZh");

            migrationBuilder.RenameColumn(
                name: "Name",
                table: "GreenBehaviours",
                newName: "NameEn");

            migrationBuilder.RenameColumn(
                name: "Title",
                table: "Coupons",
                newName: "TitleZh");

            migrationBuilder.RenameColumn(
                name: "Source",
                table: "BehaviourFactors",
                newName: "SourceZh");

            migrationBuilder.AddColumn<string>(
                name: "DescriptionEn",
                table: "MallItems",
                type: "TEXT",
                maxLength: 1000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "TitleEn",
                table: "MallItems",
                type: "TEXT",
                maxLength: 120,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SourceEn",
                table: "GreenBehaviours",
                type: "TEXT",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "TitleEn",
                table: "Coupons",
                type: "TEXT",
                maxLength: 120,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SourceEn",
                table: "BehaviourFactors",
                type: "TEXT",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            // Each text was kept in one column, in whatever language it was entered in: a text without a CJK character
            // (ideographs, CJK punctuation, full-width forms; as BilingualText.ContainsCjk) moves to the English column.
            foreach (var (table, prefix) in Texts) migrationBuilder.Sql(MoveEnglish(table, prefix));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // One column again: the Chinese text where there is one, else the English.
            foreach (var (table, prefix) in Texts)
                migrationBuilder.Sql($"UPDATE \"{table}\" SET \"{prefix}Zh\" = \"{prefix}En\" WHERE \"{prefix}Zh\" = ''");

            migrationBuilder.DropColumn(
                name: "DescriptionEn",
                table: "MallItems");

            migrationBuilder.DropColumn(
                name: "TitleEn",
                table: "MallItems");

            migrationBuilder.DropColumn(
                name: "SourceEn",
                table: "GreenBehaviours");

            migrationBuilder.DropColumn(
                name: "TitleEn",
                table: "Coupons");

            migrationBuilder.DropColumn(
                name: "SourceEn",
                table: "BehaviourFactors");

            migrationBuilder.RenameColumn(
                name: "TitleZh",
                table: "MallItems",
                newName: "Title");

            migrationBuilder.RenameColumn(
                name: "DescriptionZh",
                table: "MallItems",
                newName: "Description");

            migrationBuilder.RenameColumn(
                name: "SourceZh",
                table: "GreenBehaviours",
                newName: "Source");

            migrationBuilder.RenameColumn(
                name: "NameEn",
                table: "GreenBehaviours",
                newName: "Name");

            migrationBuilder.RenameColumn(
                name: "TitleZh",
                table: "Coupons",
                newName: "Title");

            migrationBuilder.RenameColumn(
                name: "SourceZh",
                table: "BehaviourFactors",
                newName: "Source");
        }

        private static readonly (string Table, string Prefix)[] Texts =
            [("MallItems", "Title"), ("MallItems", "Description"), ("Coupons", "Title"), ("GreenBehaviours", "Source"), ("BehaviourFactors", "Source")];

        private static string MoveEnglish(string table, string prefix) =>
            $"UPDATE \"{table}\" SET \"{prefix}En\" = \"{prefix}Zh\", \"{prefix}Zh\" = '' WHERE \"{prefix}Zh\" <> '' AND NOT (\"{prefix}Zh\" GLOB '*[　-鿿豈-﫿＀-￯]*')";
    }
}
