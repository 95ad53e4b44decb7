package io.yantar.node.config;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything one node needs to start, read from its HOCON file and validated by
 * {@link NodeConfigLoader}. Paths are absolute (relative paths in the file are resolved
 * against the file's directory, so a network folder can be moved as a whole).
 *
 * @param transport how links to peers are protected: mutual TLS, or plain TCP when the file
 *     has no {@code yantar.tls} section or sets {@code yantar.tls.enabled = false}
 * @param pekkoOverrides the file's optional {@code pekko { ... }} section, applied over
 *     Yantar's defaults (for example Artery TLS settings)
 */
public record NodeConfig(
        Identity identity,
        Path keyFile,
        Path genesisFile,
        Path dataDir,
        ClusterSettings cluster,
        TransportSecurity transport,
        HttpSettings http,
        MempoolSettings mempool,
        StorageSettings storage,
        Duration startupTimeout,
        Config pekkoOverrides,
        AdminSettings admin,
        ConsensusSettings consensus) {

    /** This configuration with plain TCP between nodes, whatever the file says ({@code --no-tls}, for debugging). */
    public NodeConfig withPlainTransport() {
        return new NodeConfig(identity, keyFile, genesisFile, dataDir, cluster, new TransportSecurity.PlainTcp(), http, mempool, storage,
                startupTimeout, pekkoOverrides, admin, consensus);
    }

    /**
     * Who this node is in the consortium; must match its entry in the genesis validator set, unless
     * {@code observer} (yantar.node.observer): then it may start outside it, and follows the chain
     * without voting until an epoch that includes it.
     */
    public record Identity(String nodeId, String organisation, String role, boolean observer) {
        public Identity(String nodeId, String organisation, String role) {
            this(nodeId, organisation, role, false);
        }
    }

    public record HostPort(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /**
     * @param seedNodes the same list, in the same order, on every node: the first one forms
     *     the cluster when nobody else is up
     * @param removedValidatorDownAfter how long after an epoch starts the validators of that epoch
     *     down a validator it removed that is still a cluster member (it should have left by itself)
     */
    public record ClusterSettings(String systemName, String host, int port, List<HostPort> seedNodes,
                                  Duration removedValidatorDownAfter) {
        public ClusterSettings {
            seedNodes = List.copyOf(seedNodes);
        }
    }

    /**
     * @param host the address the API binds to ({@code 127.0.0.1}: this machine only)
     * @param commitWaitTimeout how long {@code POST /v1/transactions?wait=commit} waits before answering 504 pending
     * @param blocksPageMax most blocks one {@code GET /v1/blocks} answers
     * @param batchTransactionsMax most transactions one {@code POST /v1/transactions/batch} takes
     * @param eventsBufferMax blocks buffered per {@code GET /v1/events} subscriber; a subscriber further behind is dropped
     * @param protection limits against clients that flood or hold the server (rate, headers, slow requests)
     * @param https the API's certificate; empty: plain HTTP
     */
    public record HttpSettings(String host, int port, long requestBodyBytesMax, Duration requestTimeout, Duration commitWaitTimeout,
                               int blocksPageMax, int batchTransactionsMax, int eventsBufferMax, HttpProtection protection,
                               Optional<HttpsSettings> https) {
        public static final Duration DEFAULT_COMMIT_WAIT_TIMEOUT = Duration.ofSeconds(10);
        public static final int DEFAULT_BLOCKS_PAGE_MAX = 100;
        public static final int DEFAULT_BATCH_TRANSACTIONS_MAX = 1_000;
        public static final int DEFAULT_EVENTS_BUFFER_MAX = 256;

        public HttpSettings(String host, int port, long requestBodyBytesMax, Duration requestTimeout) {
            this(host, port, requestBodyBytesMax, requestTimeout, DEFAULT_COMMIT_WAIT_TIMEOUT, DEFAULT_BLOCKS_PAGE_MAX,
                    DEFAULT_BATCH_TRANSACTIONS_MAX, DEFAULT_EVENTS_BUFFER_MAX);
        }

        public HttpSettings(String host, int port, long requestBodyBytesMax, Duration requestTimeout, Duration commitWaitTimeout,
                            int blocksPageMax, int batchTransactionsMax, int eventsBufferMax) {
            this(host, port, requestBodyBytesMax, requestTimeout, commitWaitTimeout, blocksPageMax, batchTransactionsMax, eventsBufferMax,
                    HttpProtection.DEFAULTS, Optional.empty());
        }

        public String scheme() {
            return https.isPresent() ? "https" : "http";
        }
    }

    /**
     * What one client may take of the API (the {@code yantar.http} keys of the same names).
     *
     * @param requestsPerSecond sustained requests per second per client address (token bucket)
     * @param requestsBurst requests a client address may send at once before the rate applies
     * @param requestHeadTimeout from a request's first byte to its last header byte; a slower client is cut off
     * @param idleTimeout a connection without traffic is closed after this
     */
    public record HttpProtection(double requestsPerSecond, int requestsBurst, int headerCountMax, int headerValueBytesMax,
                                 int uriBytesMax, Duration requestHeadTimeout, Duration idleTimeout, int connectionsMax) {
        public static final HttpProtection DEFAULTS = new HttpProtection(200, 400, 64, 8 * 1024, 4 * 1024, Duration.ofSeconds(10),
                Duration.ofSeconds(60), 1024);
    }

    /** The API's TLS certificate: a PKCS#12 keystore holding one key and its chain (a password file beside it). */
    public record HttpsSettings(Path keyStore, String keyStorePassword) {
        /** Never prints the password. */
        @Override
        public String toString() {
            return "HttpsSettings[keyStore=" + keyStore + "]";
        }
    }

    /**
     * How this node cuts blocks while it is the primary (the genesis bounds their size), and how
     * long it waits for progress before it suspects the primary. Local to the node: no other
     * replica depends on it for safety.
     *
     * @param batchDelay a block is cut this long after its first payment arrived, or when full...
     * @param proposalsInFlightMax ...but only while fewer of its blocks than this await commit: payments
     *     gather into the next block meanwhile (fewer, fuller blocks under load, no wait when idle)
     * @param requestTimeout the floor of the progress timeout: a backup suspects the primary when a
     *     known request waits this long for a block (more when recent blocks took longer)
     * @param warmUpVerifications signatures verified when the node is first ready, on a background thread, so the JIT
     *     compiles the verification code before payments arrive (0: none)
     * @param stallThreshold a timer tick this much later than due means this node was not running (a GC pause, CPU
     *     starvation): that time is left out of its timers, so a pause of its own never makes it suspect the primary (0: off)
     */
    public record ConsensusSettings(Duration batchDelay, int proposalsInFlightMax, Duration requestTimeout, int warmUpVerifications,
                                    Duration stallThreshold) {
        public static final ConsensusSettings DEFAULTS = new ConsensusSettings(Duration.ofMillis(5), 2, Duration.ofSeconds(2), 5_000,
                Duration.ofMillis(500));
    }

    /**
     * @param transactionsMax payments waiting for commit at this node (the bounded mempool)
     * @param pendingPerAccountMax of those, most from one sender, so one account cannot fill the mempool
     * @param committedReceiptsCached receipts of recent commits kept in memory; older ones come from the block store
     */
    public record MempoolSettings(int transactionsMax, int pendingPerAccountMax, int committedReceiptsCached) {
        public static final MempoolSettings DEFAULTS = new MempoolSettings(100_000, 256, 50_000);
    }

    /**
     * The admin listener (governance proposals and approvals), separate from the public API and
     * local-only by default; requests are signed by admin keys (docs/SECURITY.md).
     *
     * @param enabled off unless the file turns it on ({@code yantar genesis} does)
     * @param timestampWindow how far a signed request's timestamp may be from this node's clock
     */
    public record AdminSettings(boolean enabled, String host, int port, Duration timestampWindow) {
        public static final AdminSettings DISABLED = new AdminSettings(false, "127.0.0.1", 0, Duration.ofSeconds(60));
    }

    public enum StorageKind { H2, POSTGRES }

    /**
     * @param url JDBC URL; for H2 derived from the data directory unless set
     * @param blockCacheSize committed blocks the store keeps in memory for reads; older ones come from the journal
     * @param blockCacheBytes most encoded bytes of those blocks (large blocks fill it before the count does)
     * @param ledgerSnapshotEveryBlocks a ledger snapshot is written every this many blocks (0: never)
     * @param indexCacheBytes H2 only: the page cache of the transaction index file (0 on PostgreSQL, whose index is a table)
     */
    public record StorageSettings(StorageKind kind, String url, String user, String password, int poolSize, int blockCacheSize,
                                  long blockCacheBytes, int ledgerSnapshotEveryBlocks, long indexCacheBytes) {
        /** Never prints the password. */
        @Override
        public String toString() {
            return "StorageSettings[kind=" + kind + ", url=" + url + ", user=" + user + ", poolSize=" + poolSize
                    + ", blockCacheSize=" + blockCacheSize + ", blockCacheBytes=" + blockCacheBytes + ", ledgerSnapshotEveryBlocks=" + ledgerSnapshotEveryBlocks
                    + ", indexCacheBytes=" + indexCacheBytes + "]";
        }
    }
}
