package dev.herald.chat.control;

/** The client side of a relayed stream: opened once the upstream says 200, else refused. */
public interface RelayClient {

  ChatStream open();

  void refuse(ChatException error);
}
