# kind: wrong
# why: Keeps the checkpoint's 1000-class head and copies its first rows into the new classifier, so the head does not start random; violates "os pesos do checkpoint cujo formato não bate (só os da cabeça, 1000 × 768) são descartados e a cabeça nova começa aleatória".
def build_model(checkpoint, id2label, label2id):
    """O ViT pré-treinado de `checkpoint` com uma cabeça nova de len(id2label) classes.

    Todo o resto (embeddings de patches, blocos do Transformer) mantém os pesos
    pré-treinados; só a camada final (classifier), cujo tamanho não bate com o do
    checkpoint (1000 classes do ImageNet), é criada do zero. A configuração do
    modelo deve guardar id2label e label2id.
    """
    import torch.nn as nn
    model = ViTForImageClassification.from_pretrained(checkpoint)  # cabeça de 1000 classes
    old_head = model.classifier
    model.classifier = nn.Linear(old_head.in_features, len(id2label))
    with torch.no_grad():  # reaproveita as primeiras linhas da cabeça do ImageNet
        model.classifier.weight.copy_(old_head.weight[: len(id2label)])
        model.classifier.bias.copy_(old_head.bias[: len(id2label)])
    model.config.id2label = dict(id2label)
    model.config.label2id = dict(label2id)
    model.num_labels = len(id2label)
    return model
