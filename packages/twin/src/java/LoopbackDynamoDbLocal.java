// Starts DynamoDB Local as its own main() would, but with its Jetty connector bound to 127.0.0.1:
// DynamoDB Local has no bind-address option and otherwise listens on every interface. The twin runs
// this file with Java's source launcher (`java LoopbackDynamoDbLocal.java <DynamoDB Local args>`).
import java.lang.reflect.Field;
import java.lang.reflect.Method;

public class LoopbackDynamoDbLocal {
  public static void main(String[] args) {
    try {
      run(args);
    } catch (Throwable error) {
      // Jetty's threads would keep the JVM alive after a failed start: exit, as DynamoDB Local's own main does.
      error.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    Class<?> runner = Class.forName("software.amazon.dynamodb.services.local.main.ServerRunner");
    Object proxy = runner.getMethod("createServerFromCommandLineArgs", String[].class).invoke(null, (Object) args);
    Field field = proxy.getClass().getDeclaredField("server");
    field.setAccessible(true);
    Object server = field.get(proxy);
    Object[] connectors = (Object[]) server.getClass().getMethod("getConnectors").invoke(server);
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local has no connector to bind");
    for (Object connector : connectors) {
      Method setHost = connector.getClass().getMethod("setHost", String.class);
      setHost.invoke(connector, "127.0.0.1");
    }
    proxy.getClass().getMethod("start").invoke(proxy);
    System.out.println("DynamoDB Local listening on 127.0.0.1");
    proxy.getClass().getMethod("join").invoke(proxy);
  }
}
