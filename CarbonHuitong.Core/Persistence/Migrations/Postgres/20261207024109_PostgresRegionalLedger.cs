using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace CarbonHuitong.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PostgresRegionalLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DistrictCode",
                table: "CarbonAccounts",
                type: "character varying(6)",
                maxLength: 6,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AccountMonthActivities",
                columns: table => new
                {
                    AccountId = table.Column<long>(type: "bigint", nullable: false),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    BehaviourCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DistrictCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    Category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Entries = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountMonthActivities", x => new { x.Month, x.Category, x.BehaviourCode, x.DistrictCode, x.AccountId });
                });

            migrationBuilder.CreateTable(
                name: "DistrictMonthReductions",
                columns: table => new
                {
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    DistrictCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    BehaviourCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Slot = table.Column<int>(type: "integer", nullable: false),
                    Category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Milligrams = table.Column<long>(type: "bigint", nullable: false),
                    CreditHundredths = table.Column<long>(type: "bigint", nullable: false),
                    Entries = table.Column<long>(type: "bigint", nullable: false),
                    CouponsRedeemed = table.Column<long>(type: "bigint", nullable: false),
                    CouponsUsed = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DistrictMonthReductions", x => new { x.Month, x.DistrictCode, x.BehaviourCode, x.Slot });
                });

            migrationBuilder.CreateTable(
                name: "Districts",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    NameZh = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    IsCounty = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Districts", x => x.Code);
                });

            migrationBuilder.InsertData(
                table: "Districts",
                columns: new[] { "Code", "IsCounty", "NameEn", "NameZh" },
                values: new object[,]
                {
                    { "500101", false, "Wanzhou District", "万州区" },
                    { "500102", false, "Fuling District", "涪陵区" },
                    { "500103", false, "Yuzhong District", "渝中区" },
                    { "500104", false, "Dadukou District", "大渡口区" },
                    { "500105", false, "Jiangbei District", "江北区" },
                    { "500106", false, "Shapingba District", "沙坪坝区" },
                    { "500107", false, "Jiulongpo District", "九龙坡区" },
                    { "500108", false, "Nan'an District", "南岸区" },
                    { "500109", false, "Beibei District", "北碚区" },
                    { "500110", false, "Qijiang District", "綦江区" },
                    { "500111", false, "Dazu District", "大足区" },
                    { "500112", false, "Yubei District", "渝北区" },
                    { "500113", false, "Banan District", "巴南区" },
                    { "500114", false, "Qianjiang District", "黔江区" },
                    { "500115", false, "Changshou District", "长寿区" },
                    { "500116", false, "Jiangjin District", "江津区" },
                    { "500117", false, "Hechuan District", "合川区" },
                    { "500118", false, "Yongchuan District", "永川区" },
                    { "500119", false, "Nanchuan District", "南川区" },
                    { "500120", false, "Bishan District", "璧山区" },
                    { "500151", false, "Tongliang District", "铜梁区" },
                    { "500152", false, "Tongnan District", "潼南区" },
                    { "500153", false, "Rongchang District", "荣昌区" },
                    { "500154", false, "Kaizhou District", "开州区" },
                    { "500155", false, "Liangping District", "梁平区" },
                    { "500156", false, "Wulong District", "武隆区" },
                    { "500229", true, "Chengkou County", "城口县" },
                    { "500230", true, "Fengdu County", "丰都县" },
                    { "500231", true, "Dianjiang County", "垫江县" },
                    { "500233", true, "Zhong County", "忠县" },
                    { "500235", true, "Yunyang County", "云阳县" },
                    { "500236", true, "Fengjie County", "奉节县" },
                    { "500237", true, "Wushan County", "巫山县" },
                    { "500238", true, "Wuxi County", "巫溪县" },
                    { "500240", true, "Shizhu Tujia Autonomous County", "石柱土家族自治县" },
                    { "500241", true, "Xiushan Tujia and Miao Autonomous County", "秀山土家族苗族自治县" },
                    { "500242", true, "Youyang Tujia and Miao Autonomous County", "酉阳土家族苗族自治县" },
                    { "500243", true, "Pengshui Miao and Tujia Autonomous County", "彭水苗族土家族自治县" }
                });

            migrationBuilder.CreateIndex(
                name: "IX_CarbonAccounts_DistrictCode_OpenedAt_ClosedAt",
                table: "CarbonAccounts",
                columns: new[] { "DistrictCode", "OpenedAt", "ClosedAt" });

            // Back-fill from the ledger, set-based, so an existing database is right once upgraded. Every account's
            // district is "not given" until its citizen names one.
            migrationBuilder.Sql("""
                INSERT INTO "DistrictMonthReductions" ("Month", "DistrictCode", "BehaviourCode", "Slot", "Category", "Milligrams",
                    "CreditHundredths", "Entries", "CouponsRedeemed", "CouponsUsed")
                SELECT CAST(date_trunc('month', (e."OccurredAt" AT TIME ZONE 'UTC') + INTERVAL '8 hours') AS date), COALESCE(a."DistrictCode", ''),
                    CASE WHEN e."Kind" = 'Earn' THEN COALESCE(e."BehaviourCode", '') ELSE '' END, e."AccountId" % 16,
                    MAX(CASE WHEN e."Kind" = 'Earn' THEN COALESCE(e."Category", '') ELSE '' END),
                    SUM(CASE WHEN e."Kind" = 'Earn' THEN e."Milligrams" ELSE 0 END),
                    SUM(CASE WHEN e."Kind" = 'Earn' THEN e."CreditHundredths" ELSE 0 END),
                    SUM(CASE WHEN e."Kind" = 'Earn' THEN 1 ELSE 0 END),
                    SUM(CASE WHEN e."Kind" = 'Spend' THEN 1 ELSE 0 END),
                    SUM(CASE WHEN e."Kind" = 'Earn' AND e."CouponFaceValueFen" IS NOT NULL THEN 1 ELSE 0 END)
                FROM "LedgerEntries" AS e JOIN "CarbonAccounts" AS a ON a."Id" = e."AccountId"
                WHERE e."Kind" IN ('Earn', 'Spend')
                GROUP BY 1, 2, 3, 4;
                INSERT INTO "AccountMonthActivities" ("Month", "Category", "BehaviourCode", "DistrictCode", "AccountId", "Entries")
                SELECT CAST(date_trunc('month', (e."OccurredAt" AT TIME ZONE 'UTC') + INTERVAL '8 hours') AS date), COALESCE(e."Category", ''), COALESCE(e."BehaviourCode", ''),
                    COALESCE(a."DistrictCode", ''), e."AccountId", COUNT(*)
                FROM "LedgerEntries" AS e JOIN "CarbonAccounts" AS a ON a."Id" = e."AccountId"
                WHERE e."Kind" = 'Earn'
                GROUP BY 1, 2, 3, 4, 5;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccountMonthActivities");

            migrationBuilder.DropTable(
                name: "DistrictMonthReductions");

            migrationBuilder.DropTable(
                name: "Districts");

            migrationBuilder.DropIndex(
                name: "IX_CarbonAccounts_DistrictCode_OpenedAt_ClosedAt",
                table: "CarbonAccounts");

            migrationBuilder.DropColumn(
                name: "DistrictCode",
                table: "CarbonAccounts");
        }
    }
}
