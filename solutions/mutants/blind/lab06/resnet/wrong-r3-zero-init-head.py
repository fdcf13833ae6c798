# kind: wrong
# why: Replaces fc by a Linear whose weights and bias are zeroed (every logit identical at start), not a random head; violates "por uma nova, 512 → 10, inicializada ao acaso".
def build_resnet18(num_classes: int = 10, pretrained: bool = True) -> nn.Module:
    """A ResNet-18 do torchvision com pesos do ImageNet (se pretrained) e uma cabeça nova.

    Carregue models.resnet18 com os pesos do ImageNet quando pretrained for verdadeiro
    (weights=models.ResNet18_Weights.IMAGENET1K_V1; "IMAGENET1K_V1" e "DEFAULT" são a mesma
    coisa escrita de outro jeito) e weights=None caso contrário, e troque a camada final
    (model.fc, feita para as 1000 classes do ImageNet) por uma nn.Linear nova, com
    num_classes saídas. Todas as camadas continuam treináveis (ajuste fino completo).
    """
    model = models.resnet18(weights=models.ResNet18_Weights.IMAGENET1K_V1 if pretrained else None)
    model.fc = nn.Linear(512, num_classes)
    nn.init.zeros_(model.fc.weight)
    nn.init.zeros_(model.fc.bias)
    return model
