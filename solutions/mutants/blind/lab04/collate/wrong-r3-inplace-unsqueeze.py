# kind: wrong
# why: Uses the in-place unsqueeze_ on each example's tensor before torch.cat, so every example's pixel_values becomes (1, 3, H, W) afterwards; violates "collate_fn não altera os exemplos que recebe".
def collate_fn(examples) -> dict:
    """Junta uma lista de exemplos em um batch no formato que o Trainer entrega ao modelo.

    Cada exemplo é um dicionário {"pixel_values": tensor (3, H, W), "label": int}.
    Devolve {"pixel_values": tensor (B, 3, H, W), "labels": tensor int64 (B,)}:
    o Trainer chama model(**batch), e o ViT só calcula a loss se receber `labels`.
    """
    images = [e["pixel_values"].unsqueeze_(0) for e in examples]  # (1, 3, H, W) cada
    pixel_values = torch.cat(images, dim=0)
    labels = torch.tensor([e["label"] for e in examples]).long()
    return {"pixel_values": pixel_values, "labels": labels}
