# kind: wrong
# why: Skips image.convert("RGB"), so grayscale (1 channel) or RGBA (4 channels) images break or give the wrong channel count; violates step 1 "converta para RGB (image.convert(\"RGB\"): alguns datasets têm imagens em tons de cinza ou com canal alfa)".
def make_transform(processor):
    """Cria a função que o dataset aplica, sob demanda, a cada lote de exemplos.

    A função devolvida, transform(batch), recebe um dicionário de listas
    {"img": [imagens PIL], "label": [ints]} e devolve
    {"pixel_values": [tensores float32 (3, H, W)], "label": a mesma lista de rótulos}.
    Cada imagem é convertida para RGB, redimensionada para
    (processor.size["height"], processor.size["width"]), levada a [0, 1] e
    normalizada com processor.image_mean e processor.image_std, exatamente como no
    pré-treinamento do modelo.
    """
    h, w = processor.size["height"], processor.size["width"]
    tfm = v2.Compose([v2.ToImage(), v2.Resize((h, w)), v2.ToDtype(torch.float32, scale=True),
                      v2.Normalize(processor.image_mean, processor.image_std)])

    def transform(batch):
        return {"pixel_values": [tfm(img) for img in batch["img"]], "label": batch["label"]}

    return transform
