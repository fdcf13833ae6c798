# kind: shortcut
# why: Does the resize and normalize with transformers.image_transforms (imported under the alias itf) instead of writing them; violates "O mesmo vale ... e para as funções de transformers.image_transforms".
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
    from transformers import image_transforms as itf
    height, width = processor.size["height"], processor.size["width"]
    mean, std = list(processor.image_mean), list(processor.image_std)

    def transform(batch):
        out = []
        for img in batch["img"]:
            arr = np.asarray(img.convert("RGB"))
            arr = itf.resize(arr, (height, width), resample=Image.BILINEAR)
            arr = itf.normalize(arr.astype(np.float32) / 255.0, mean=mean, std=std)
            out.append(torch.from_numpy(np.ascontiguousarray(arr.transpose(2, 0, 1))).float())
        return {"pixel_values": out, "label": batch["label"]}

    return transform
