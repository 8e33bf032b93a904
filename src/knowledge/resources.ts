// Values that hold an operating-system or runtime resource until a method releases it: what a
// sync.Pool must not hold, because it drops idle objects at any garbage collection without
// calling anything on them.

/** Std types, "importpath.Type" (pointer or value), and the method that releases them. */
export const STD_RESOURCE_TYPES: ReadonlyMap<string, string> = new Map([
  ['os.File', 'Close'],
  ['net.Conn', 'Close'],
  ['net.TCPConn', 'Close'],
  ['net.UDPConn', 'Close'],
  ['net.UnixConn', 'Close'],
  ['net.IPConn', 'Close'],
  ['net.Listener', 'Close'],
  ['net.TCPListener', 'Close'],
  ['crypto/tls.Conn', 'Close'],
  ['database/sql.DB', 'Close'],
  ['database/sql.Conn', 'Close'],
  ['database/sql.Rows', 'Close'],
  ['database/sql.Stmt', 'Close'],
  ['database/sql.Tx', 'Rollback'],
  ['time.Ticker', 'Stop'],
  ['io.Closer', 'Close'],
  ['io.ReadCloser', 'Close'],
  ['io.WriteCloser', 'Close'],
  ['io.ReadWriteCloser', 'Close'],
  ['google.golang.org/grpc.ClientConn', 'Close'],
]);

/** Std functions whose result must be released, "importpath.Func", and the method that does it. */
export const STD_RESOURCE_CONSTRUCTORS: ReadonlyMap<string, string> = new Map([
  ['os.Open', 'Close'],
  ['os.Create', 'Close'],
  ['os.OpenFile', 'Close'],
  ['os.CreateTemp', 'Close'],
  ['net.Dial', 'Close'],
  ['net.DialTimeout', 'Close'],
  ['net.DialTCP', 'Close'],
  ['net.DialUDP', 'Close'],
  ['net.DialUnix', 'Close'],
  ['net.Listen', 'Close'],
  ['net.ListenPacket', 'Close'],
  ['crypto/tls.Dial', 'Close'],
  ['database/sql.Open', 'Close'],
  ['time.NewTicker', 'Stop'],
  ['google.golang.org/grpc.Dial', 'Close'],
  ['google.golang.org/grpc.DialContext', 'Close'],
  ['google.golang.org/grpc.NewClient', 'Close'],
]);

/** Method names that release what a value of a package's own type holds. */
export const RELEASE_METHODS: readonly string[] = ['Close', 'Stop', 'Release', 'Shutdown'];
