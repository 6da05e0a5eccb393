package dev.herald.mercure.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.mercure.entity.Subscription;

/** Subscriptions as the JSON-LD documents Mercure's updates and API carry. */
public final class SubscriptionDocuments {

  public static final String CONTEXT = "https://mercure.rocks/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private SubscriptionDocuments() {}

  /** With {@code @context} for a document of its own, without for one inside a collection. */
  public static ObjectNode of(Subscription subscription, boolean withContext) {
    ObjectNode node = JSON.createObjectNode();
    if (withContext) {
      node.put("@context", CONTEXT);
    }
    node.put("id", subscription.id());
    node.put("type", "Subscription");
    node.put("topic", subscription.topic());
    node.put("subscriber", subscription.subscriber());
    node.put("active", subscription.active());
    if (subscription.payload() != null) {
      node.set("payload", JSON.valueToTree(subscription.payload()));
    }
    return node;
  }
}
