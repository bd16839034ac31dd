using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CarbonHuitong.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PostgresPersonalData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ClosedAt",
                table: "CarbonAccounts",
                type: "timestamp with time zone",
                nullable: true);

            // The audit log stays append-only, with one exception: an entry's actor email may be erased (to '' by the
            // retention clean-up, or to the closed account's pseudonym), every other column unchanged.
            migrationBuilder.Sql("""
                CREATE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' AND (NEW."ActorEmail" = '' OR NEW."ActorEmail" LIKE 'closed-%')
                        AND (NEW."Id", NEW."At", NEW."ActorUserId", NEW."Action", NEW."EntityType", NEW."EntityId", NEW."Before", NEW."After")
                            IS NOT DISTINCT FROM
                            (OLD."Id", OLD."At", OLD."ActorUserId", OLD."Action", OLD."EntityType", OLD."EntityId", OLD."Before", OLD."After") THEN
                        RETURN NEW;
                    END IF;
                    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
                END $$;
                DROP TRIGGER IF EXISTS "AuditEntries_AppendOnly" ON "AuditEntries";
                CREATE TRIGGER "AuditEntries_AppendOnly" BEFORE UPDATE OR DELETE ON "AuditEntries"
                    FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS "AuditEntries_AppendOnly" ON "AuditEntries";
                CREATE TRIGGER "AuditEntries_AppendOnly" BEFORE UPDATE OR DELETE ON "AuditEntries"
                    FOR EACH ROW EXECUTE FUNCTION refuse_change();
                DROP FUNCTION IF EXISTS refuse_audit_change();
                """);
            migrationBuilder.DropColumn(
                name: "ClosedAt",
                table: "CarbonAccounts");
        }
    }
}
