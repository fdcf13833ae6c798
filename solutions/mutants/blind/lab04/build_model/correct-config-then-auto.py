# kind: correct
# why: builds the config first (AutoConfig with our label maps), then AutoModelForImageClassification.from_pretrained(config=..., ignore_mismatched_sizes=True); makes sure every parameter stays trainable
def build_model(checkpoint, id2label, label2id):
    """O ViT pré-treinado de `checkpoint` com uma cabeça nova de len(id2label) classes.

    Todo o resto (embeddings de patches, blocos do Transformer) mantém os pesos
    pré-treinados; só a camada final (classifier), cujo tamanho não bate com o do
    checkpoint (1000 classes do ImageNet), é criada do zero. A configuração do
    modelo deve guardar id2label e label2id.
    """
    from transformers import AutoConfig, AutoModelForImageClassification
    config = AutoConfig.from_pretrained(checkpoint, num_labels=len(id2label),
                                        id2label=dict(id2label), label2id=dict(label2id))
    model = AutoModelForImageClassification.from_pretrained(checkpoint, config=config, ignore_mismatched_sizes=True)
    for param in model.parameters():
        param.requires_grad_(True)  # fine-tuning do modelo inteiro
    print(f"cabeça nova: {model.classifier.in_features} -> {model.classifier.out_features}")
    return model
