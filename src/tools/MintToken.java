import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints an HS256 token for a try, with the JDK only:
 *
 * <pre>
 * java src/tools/MintToken.java "$HERALD_AUTH_JWT_KEY" '{"mercure":{"publish":["*"],"subscribe":["*"]}}' 3600
 * </pre>
 *
 * The claims are given as JSON; "exp" is added from the lifetime in seconds (0: none). For tries
 * only: an identity provider mints real tokens.
 */
public class MintToken {

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: java MintToken.java <key> '<claims as JSON>' [lifetime seconds]");
      System.exit(2);
    }
    byte[] key = args[0].getBytes(StandardCharsets.UTF_8);
    String claims = args[1].trim();
    long lifetime = args.length > 2 ? Long.parseLong(args[2]) : 3600;
    if (lifetime > 0) {
      long exp = System.currentTimeMillis() / 1000 + lifetime;
      String rest = claims.substring(1).trim();
      claims = "{\"exp\":" + exp + (rest.equals("}") ? "" : ",") + rest;
    }
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    String header = base64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes());
    String payload = base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    byte[] signature =
        mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
    System.out.println(header + "." + payload + "." + base64.encodeToString(signature));
  }
}
