//! The `coopsante` command: serve the API, migrate the database, print the OpenAPI
//! document, or sign a token for local use and scripts.

use std::process::ExitCode;
use std::time::Duration;

use actix_web::HttpServer;
use clap::{Parser, Subcommand};

use coopsante::app::{self, AppState};
use coopsante::auth::{Role, TokenKeys};
use coopsante::config::{Config, DbConfig, JwtConfig};
use coopsante::domain::ids::{CooperativeId, PartnerId};
use coopsante::{db, healthcheck, openapi};

#[derive(Parser)]
#[command(
    name = "coopsante",
    version,
    about = "API of record of the FQCS (health cooperatives of Québec)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Apply pending migrations, then serve the API on COOPSANTE_BIND.
    Serve,
    /// Apply pending migrations and exit.
    Migrate,
    /// Apply pending migrations, then load the federation's reference data (idempotent).
    Seed {
        /// Also load an invented demonstration federation (40 co-ops marked `demo`, ten
        /// years of counts, two demo agreements and enrolments); skipped if present.
        #[arg(long)]
        demo: bool,
        /// Delete every demonstration record, and nothing else (loads nothing).
        #[arg(long, conflicts_with = "demo")]
        remove_demo: bool,
    },
    /// Exit 0 when the service on COOPSANTE_BIND answers /healthz with 200 (for container
    /// health checks: the image has no curl). A database outage does not make the process
    /// unhealthy, so an orchestrator does not restart every container; load balancers ask
    /// /readyz (`--ready`).
    Healthcheck {
        /// Ask /readyz instead: 200 only when the database answers too.
        #[arg(long)]
        ready: bool,
    },
    /// Print the OpenAPI document (JSON).
    Openapi,
    /// Manage API clients (the first admin client, in practice).
    Clients {
        #[command(subcommand)]
        command: ClientsCommand,
    },
    /// Print a signed bearer token, alone, on stdout (for development; outside systems get
    /// theirs from POST /v1/auth/token).
    Token {
        #[arg(long, value_enum)]
        role: Role,
        /// The co-op a coop_manager token manages.
        #[arg(long)]
        cooperative: Option<CooperativeId>,
        /// The partner a partner token speaks for.
        #[arg(long)]
        partner: Option<PartnerId>,
        /// Who the token is for (the `sub` claim).
        #[arg(long, default_value = "cli")]
        subject: String,
    },
}

#[derive(Subcommand)]
enum ClientsCommand {
    /// Create an API client and print {"client_id": …, "client_secret": …}, alone, on stdout.
    /// The secret is shown this once.
    Create {
        /// What the client is, for the people who manage it.
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: Role,
        /// The co-op a coop_manager client manages.
        #[arg(long)]
        cooperative: Option<CooperativeId>,
        /// The partner a partner client speaks for.
        #[arg(long)]
        partner: Option<PartnerId>,
    },
}

/// Log lines: env_logger's text, or one JSON object per line (`COOPSANTE_LOG_FORMAT=json`)
/// for collectors (Loki, CloudWatch, Elastic) to index without parsing.
fn init_logging() -> Result<(), String> {
    // actix-web-prom warns on every request whose route template it cannot fill in, though
    // it then labels it by the template all the same: noise, not news.
    let mut builder = env_logger::Builder::from_env(
        env_logger::Env::default().default_filter_or("info,actix_web_prom=error"),
    );
    match std::env::var("COOPSANTE_LOG_FORMAT").as_deref() {
        Err(_) | Ok("") | Ok("text") => {}
        Ok("json") => {
            builder.format(|out, record| {
                use std::io::Write;
                let mut line = serde_json::json!({
                    "ts": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                    "level": record.level().as_str(),
                    "target": record.target(),
                    "message": record.args().to_string(),
                });
                if let Some(id) = coopsante::request_id::current() {
                    line["request_id"] = id.into();
                }
                writeln!(out, "{line}")
            });
        }
        Ok(other) => {
            return Err(format!(
                "COOPSANTE_LOG_FORMAT: expected text or json, got {other:?}"
            ));
        }
    }
    builder.init();
    Ok(())
}

fn main() -> ExitCode {
    if let Err(message) = init_logging() {
        eprintln!("error: {message}");
        return ExitCode::FAILURE;
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Openapi => {
            print!("{}", openapi::spec_json());
            Ok(())
        }
        Command::Token {
            role,
            cooperative,
            partner,
            subject,
        } => token(role, cooperative, partner, &subject),
        Command::Clients {
            command:
                ClientsCommand::Create {
                    name,
                    role,
                    cooperative,
                    partner,
                },
        } => runtime().and_then(|rt| rt.block_on(create_client(name, role, cooperative, partner))),
        Command::Migrate => runtime().and_then(|rt| rt.block_on(migrate())),
        Command::Seed { demo, remove_demo } => {
            runtime().and_then(|rt| rt.block_on(seed(demo, remove_demo)))
        }
        Command::Serve => serve(),
        Command::Healthcheck { ready } => Config::bind_from_env()
            .map_err(|e| e.to_string())
            .and_then(|bind| {
                let path = if ready { "/readyz" } else { "/healthz" };
                healthcheck::probe(bind, path, Duration::from_secs(3))
            }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Runtime::new().map_err(|e| format!("cannot start the async runtime: {e}"))
}

fn token(
    role: Role,
    cooperative: Option<CooperativeId>,
    partner: Option<PartnerId>,
    subject: &str,
) -> Result<(), String> {
    let config = JwtConfig::from_env().map_err(|e| e.to_string())?;
    let token = TokenKeys::new(&config)
        .issue(subject, role, cooperative, partner)
        .map_err(|e| e.to_string())?;
    println!("{token}");
    Ok(())
}

async fn migrate() -> Result<(), String> {
    let config = DbConfig::from_env().map_err(|e| e.to_string())?;
    let applied = db::migrate(&config.url).await?;
    if applied.is_empty() {
        log::info!("database schema is up to date");
    } else {
        log::info!("applied migrations: {}", applied.join(", "));
    }
    Ok(())
}

async fn seed(demo: bool, remove_demo: bool) -> Result<(), String> {
    migrate().await?;
    let config = DbConfig::from_env().map_err(|e| e.to_string())?;
    let mut conn = db::connect(&config.url).await?;
    if remove_demo {
        let removed = coopsante::seed::remove_demo(&mut conn).await.map_err(|e| {
            format!("cannot remove the demonstration data (a real record may point at a demo co-op): {e}")
        })?;
        log::info!(
            "removed the demonstration data: {} co-ops, {} counts, {} agreements, {} enrolments",
            removed.cooperatives,
            removed.counts,
            removed.agreements,
            removed.enrollments
        );
        return Ok(());
    }
    let reports = coopsante::seed::run(&mut conn)
        .await
        .map_err(|e| format!("seeding failed: {e}"))?;
    for (part, report) in reports {
        log::info!(
            "seed {part}: {} created, {} already present",
            report.created,
            report.unchanged
        );
    }
    if demo {
        let today =
            coopsante::clock::Clock::new(Config::timezone_from_env().map_err(|e| e.to_string())?)
                .today();
        let report = coopsante::seed::run_demo(&mut conn, today)
            .await
            .map_err(|e| format!("loading the demonstration data failed: {e}"))?;
        if report.created > 0 {
            log::info!(
                "seed demo: {} invented co-ops (marked demo; remove with `coopsante seed --remove-demo`)",
                report.created
            );
        } else {
            log::info!("seed demo: already present, nothing changed");
        }
    }
    Ok(())
}

/// Validated as the API validates it, stored the same way.
async fn create_client(
    name: String,
    role: Role,
    cooperative: Option<CooperativeId>,
    partner: Option<PartnerId>,
) -> Result<(), String> {
    use serde_json::json;
    let body =
        json!({"name": name, "role": role, "cooperative_id": cooperative, "partner_id": partner});
    let new = coopsante::domain::api_client::NewApiClient::from_json(
        body.as_object().cloned().unwrap_or_default(),
        chrono::Utc::now(),
    )
    .map_err(|errors| {
        let errors: Vec<String> = errors
            .iter()
            .map(|e| format!("{} {}", e.field, e.message))
            .collect();
        errors.join("; ")
    })?;
    migrate().await?;
    let secret = coopsante::auth::secret::generate()?;
    let hash = coopsante::auth::secret::hash(&secret)?;
    let config = DbConfig::from_env().map_err(|e| e.to_string())?;
    let mut conn = db::connect(&config.url).await?;
    let actor = db::Actor::command("cli");
    let row = db::write(&mut conn, &actor, async |conn| {
        db::api_clients::insert(conn, new, hash).await
    })
    .await
    .map_err(|e| match e {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::ForeignKeyViolation,
            _,
        ) => "no cooperative or partner with this id".to_owned(),
        other => format!("cannot create the client: {other}"),
    })?;
    println!("{}", json!({"client_id": row.id, "client_secret": secret}));
    Ok(())
}

/// How long a stopping instance waits for requests under way, then for the webhook worker.
/// Longer than the statement timeout, shorter than a typical orchestrator's grace period.
const SHUTDOWN_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

/// Hands back to the system the memory a worker freed after building its app (the route
/// table's scratch OpenAPI paths): glibc otherwise keeps each worker thread's arena at its
/// peak, several MiB per worker for the life of the process.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes no pointer and only returns free pages of the allocator's
    // own arenas; it is safe to call from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn serve() -> Result<(), String> {
    let config = Config::from_env().map_err(|e| e.to_string())?;
    actix_web::rt::System::new().block_on(async move {
        migrate().await?;
        let pool = db::pool(&config.db)?;
        let background = db::pool(&coopsante::config::DbConfig {
            pool_size: 2,
            ..config.db.clone()
        })?;
        let shared_limits = match &config.redis_url {
            Some(url) => {
                let shared = coopsante::ratelimit::Shared::new(url, "coopsante:ratelimit")
                    .map_err(|e| format!("COOPSANTE_REDIS_URL: {e}"))?;
                // Not fatal: the limits are per instance until Redis answers.
                match shared.connect_now().await {
                    Ok(()) => log::info!("rate limits shared through Redis"),
                    Err(e) => log::warn!(
                        "Redis does not answer ({e}): rate limits are per instance until it does"
                    ),
                }
                Some(shared)
            }
            None => None,
        };
        let state = AppState::new(pool, TokenKeys::new(&config.jwt))
            .with_fiscal_year_start(
                coopsante::domain::fiscal_year::FiscalYearStart::new(
                    config.fiscal_year_start_month,
                )
                .unwrap_or_default(),
            )
            .with_rate_limits(config.rate_limits)
            .with_changes_retention(config.changes_retention)
            .with_audit_retention(config.audit_retention)
            .with_webhooks(config.webhooks.clone())
            .with_database_url(&config.db.url)
            .with_clock(coopsante::clock::Clock::new(config.timezone))
            .with_cors(config.cors.clone())
            .with_trusted_proxies(config.trusted_proxies.clone())
            .with_background_pool(background);
        let state = match shared_limits {
            Some(shared) => state.with_shared_rate_limits(config.rate_limits, shared),
            None => state,
        };
        let state = match &config.read_database_url {
            Some(url) => state.with_read_pool(db::pool(&coopsante::config::DbConfig {
                url: url.clone(),
                ..config.db.clone()
            })?),
            None => state,
        };
        coopsante::clock::set_zone(config.timezone);
        let tasks = state.start_tasks(
            config
                .listen_database_url
                .as_deref()
                .unwrap_or(&config.db.url),
        );
        log::info!(
            "serving on http://{} with {} workers",
            config.bind,
            config.workers
        );
        // SIGTERM: stop accepting, let requests under way finish (at most
        // SHUTDOWN_TIMEOUT), then stop the background work; exit 0.
        let served = HttpServer::new(move || {
            let app = app::build(state.clone());
            release_freed_memory();
            app
        })
        .workers(config.workers)
        .shutdown_timeout(SHUTDOWN_TIMEOUT.as_secs())
        .bind(config.bind)
        .map_err(|e| format!("cannot listen on {}: {e}", config.bind))?
        .run()
        .await
        .map_err(|e| format!("server error: {e}"));
        log::info!("requests finished; stopping background work");
        tasks.stop(SHUTDOWN_TIMEOUT).await;
        log::info!("stopped");
        served
    })
}
